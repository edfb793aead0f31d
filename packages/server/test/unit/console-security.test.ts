/**
 * The console's security building blocks, one at a time: HTML escaping in every context the
 * pages use, the CSRF checks, the session cookie's attributes, the sign-in rate limiter, password
 * hashing, the security headers, the form parser and the router.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, test } from 'node:test';
import { AnchorageError } from '@anchorage/core/errors';
import { crossOriginProblem, csrfProblem, csrfTokenMatches } from '../../src/console/csrf.ts';
import { parseFormBody } from '../../src/console/form-body.ts';
import { errorsFrom } from '../../src/console/forms.ts';
import { escapeHtml, href, html, raw } from '../../src/console/html.ts';
import { hashPassword, passwordProblem, SCRYPT_N, verifyPassword } from '../../src/console/passwords.ts';
import { createRateLimiter } from '../../src/console/rate-limit.ts';
import { matchRoute, NAVIGATION } from '../../src/console/router.ts';
import { CONTENT_SECURITY_POLICY, securityHeaders } from '../../src/console/security-headers.ts';
import { clearedSessionCookie, newToken, sessionCookie, sessionId } from '../../src/console/session.ts';
import { signInRule } from '../../src/console/sign-in.ts';

const HOSTILE = `<img src=x onerror=alert(1)>"'&`;

function fakeRequest(headers: Record<string, string>, encrypted = false): IncomingMessage {
  return { headers, socket: { encrypted } } as unknown as IncomingMessage;
}

describe('html escaping', () => {
  test('ok/text: markup characters in values become entities', () => {
    assert.equal(html`<p>${HOSTILE}</p>`.text, '<p>&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;</p>');
  });

  test('ok/attribute: a quote cannot end the attribute value', () => {
    const out = html`<input value="${'" autofocus onfocus="alert(1)'}">`.text;
    assert.equal(out, '<input value="&quot; autofocus onfocus=&quot;alert(1)">');
    assert.doesNotMatch(out, /value="[^"]*"\s+autofocus/);
    assert.equal(html`<a title='${"' onclick='x"}'>`.text, "<a title='&#39; onclick=&#39;x'>");
  });

  test('ok/textarea and pre: a closing tag inside a value stays text', () => {
    const out = html`<textarea>${'</textarea><script>alert(1)</script>'}</textarea>`.text;
    assert.equal(out, '<textarea>&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
  });

  test('ok/nesting: templates nest unescaped, arrays are joined escaped, nothing for null/undefined/false', () => {
    const items = ['<a>', html`<b>${'<c>'}</b>`];
    assert.equal(html`<ul>${items}</ul>`.text, '<ul>&lt;a&gt;<b>&lt;c&gt;</b></ul>');
    assert.equal(html`${null}${undefined}${false}${0}`.text, '0');
  });

  test('ok/raw: only an explicit raw() fragment passes as markup', () => {
    assert.equal(html`${raw('<br>')}${'<br>'}`.text, '<br>&lt;br&gt;');
    assert.equal(escapeHtml('a&b'), 'a&amp;b');
  });

  test('ok/href: values are percent-encoded path segments and query values', () => {
    assert.equal(href(['roles', '../admin"><x']), '/console/roles/..%2Fadmin%22%3E%3Cx');
    assert.equal(
      href(['policies', 'view'], { arn: 'arn:aws:iam::1:policy/a b&c' }),
      '/console/policies/view?arn=arn%3Aaws%3Aiam%3A%3A1%3Apolicy%2Fa+b%26c',
    );
    assert.equal(href(['x'], { skip: undefined }), '/console/x');
  });
});

describe('CSRF', () => {
  test('ok/token: the same token matches; another, an empty or a missing one does not', () => {
    const token = newToken();
    assert.equal(csrfTokenMatches(token, token), true);
    assert.equal(csrfTokenMatches(token, newToken()), false);
    assert.equal(csrfTokenMatches(token, ''), false);
    assert.equal(csrfTokenMatches(token, undefined), false);
    assert.equal(csrfTokenMatches(token, token.slice(0, -1)), false);
  });

  test('ok/origin: Sec-Fetch-Site same-origin, or an Origin equal to the console', () => {
    assert.equal(
      crossOriginProblem(fakeRequest({ host: 'h:1', 'sec-fetch-site': 'same-origin' })),
      undefined,
    );
    assert.equal(crossOriginProblem(fakeRequest({ host: 'h:1', origin: 'http://h:1' })), undefined);
    assert.equal(crossOriginProblem(fakeRequest({ host: 'h:1', origin: 'https://h:1' }, true)), undefined);
  });

  test('fail/origin: cross-site, same-site, a foreign or null Origin, or neither header', () => {
    for (const headers of [
      { host: 'h:1', 'sec-fetch-site': 'cross-site' },
      { host: 'h:1', 'sec-fetch-site': 'same-site' },
      { host: 'h:1', 'sec-fetch-site': 'none' },
      { host: 'h:1', origin: 'http://evil.example' },
      { host: 'h:1', origin: 'null' },
      { host: 'h:1', origin: 'https://h:1' }, // scheme differs: served over plain HTTP
      { host: 'h:1' },
    ]) {
      assert.notEqual(crossOriginProblem(fakeRequest(headers)), undefined, JSON.stringify(headers));
    }
    // Sec-Fetch-Site is the browser's word: a matching Origin does not rescue a cross-site one.
    assert.notEqual(
      crossOriginProblem(fakeRequest({ host: 'h:1', origin: 'http://h:1', 'sec-fetch-site': 'cross-site' })),
      undefined,
    );
  });

  test('fail/both checks are required', () => {
    const token = newToken();
    const sameOrigin = fakeRequest({ host: 'h:1', 'sec-fetch-site': 'same-origin' });
    assert.equal(csrfProblem(sameOrigin, token, token), undefined);
    assert.match(csrfProblem(sameOrigin, token, 'wrong') ?? '', /_csrf/);
    assert.match(
      csrfProblem(fakeRequest({ host: 'h:1', origin: 'http://evil' }), token, token) ?? '',
      /Origin/,
    );
  });
});

describe('session cookie', () => {
  test('ok/attributes: HttpOnly, SameSite=Strict, Path=/console, Max-Age; Secure only over TLS', () => {
    const token = newToken();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/); // 256 bits, base64url
    const plain = sessionCookie(token, false, 43200);
    assert.equal(
      plain,
      `anchorage_console=${token}; Path=/console; Max-Age=43200; HttpOnly; SameSite=Strict`,
    );
    assert.equal(sessionCookie(token, true, 43200), `${plain}; Secure`);
    assert.equal(
      clearedSessionCookie(true),
      'anchorage_console=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict; Secure',
    );
  });

  test('ok/the store keys sessions by SHA-256 of the token, never the token', () => {
    const token = newToken();
    assert.match(sessionId(token), /^[0-9a-f]{64}$/);
    assert.notEqual(sessionId(token), token);
    assert.notEqual(newToken(), token);
  });
});

describe('rate limiter', () => {
  const MINUTE = 60_000;

  test('ok/five failures per identity in five minutes, then refusal with the wait until the oldest leaves', () => {
    const limiter = createRateLimiter(signInRule);
    const keys = ['address:10.0.0.1', 'key:AKIAEXAMPLE'];
    const start = 1_000_000;
    for (let i = 0; i < 5; i++) {
      assert.deepEqual(limiter.check(keys, start + i * MINUTE), { allowed: true });
      limiter.fail(keys, start + i * MINUTE);
    }
    const refused = limiter.check(keys, start + 5 * MINUTE - 1000);
    assert.deepEqual(refused, { allowed: false, retryAfterSeconds: 1 });
    // Another identity from the same address is still allowed (the address allows 20).
    assert.deepEqual(limiter.check(['address:10.0.0.1', 'key:AKIAOTHER'], start + 5 * MINUTE - 1000), {
      allowed: true,
    });
    // Once the first failure is five minutes old, one more try is allowed.
    assert.deepEqual(limiter.check(keys, start + 5 * MINUTE), { allowed: true });
  });

  test('ok/per address: twenty failures across identities lock the address', () => {
    const limiter = createRateLimiter(signInRule);
    for (let i = 0; i < 20; i++) limiter.fail(['address:10.0.0.2', `key:AKIA${i}`], 1000 + i);
    const decision = limiter.check(['address:10.0.0.2', 'key:AKIANEW'], 2000);
    assert.equal(decision.allowed, false);
    assert.equal(decision.allowed ? 0 : decision.retryAfterSeconds, 299);
  });

  test('ok/reset forgets an identity; memory stays bounded', () => {
    const limiter = createRateLimiter(signInRule, 3);
    for (let i = 0; i < 5; i++) limiter.fail(['key:A'], i);
    assert.equal(limiter.check(['key:A'], 10).allowed, false);
    limiter.reset(['key:A']);
    assert.equal(limiter.check(['key:A'], 10).allowed, true);
    for (let i = 0; i < 5; i++) limiter.fail(['key:B'], i);
    for (const k of ['key:C', 'key:D', 'key:E']) limiter.fail([k], 5);
    // B was the least recently failed and fell out of the bounded map.
    assert.equal(limiter.check(['key:B'], 10).allowed, true);
  });
});

describe('passwords', () => {
  test('ok/scrypt with N ≥ 2^15 and a random salt; the right password verifies, others do not', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    assert.equal(scheme, 'scrypt');
    assert.ok(Number(n) >= 2 ** 15 && Number(n) === SCRYPT_N);
    assert.equal(r, '8');
    assert.equal(p, '1');
    assert.equal(Buffer.from(salt ?? '', 'base64').length, 16);
    assert.equal(Buffer.from(hash ?? '', 'base64').length, 32);
    assert.notEqual(await hashPassword('correct horse battery staple'), stored, 'a new salt each time');
    assert.equal(await verifyPassword('correct horse battery staple', stored), true);
    assert.equal(await verifyPassword('correct horse battery stapl', stored), false);
    assert.equal(await verifyPassword('', stored), false);
  });

  test('fail/unknown users and malformed hashes never verify', async () => {
    assert.equal(await verifyPassword('anything', undefined), false);
    assert.equal(await verifyPassword('anything', 'plain-text'), false);
    assert.equal(await verifyPassword('anything', 'scrypt$99999999999$8$1$AA==$AA=='), false);
  });

  test('ok/length rules', () => {
    assert.match(passwordProblem('short') ?? '', /at least 12/);
    assert.equal(passwordProblem('long enough password'), undefined);
    assert.match(passwordProblem('x'.repeat(1025)) ?? '', /at most/);
  });
});

describe('security headers', () => {
  test('ok/the CSP and the other headers; pages are not cached, assets are', () => {
    assert.equal(
      CONTENT_SECURITY_POLICY,
      "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    const pageHeaders = securityHeaders('page');
    assert.equal(pageHeaders['Content-Security-Policy'], CONTENT_SECURITY_POLICY);
    assert.equal(pageHeaders['X-Content-Type-Options'], 'nosniff');
    assert.equal(pageHeaders['Referrer-Policy'], 'no-referrer');
    assert.equal(pageHeaders['X-Frame-Options'], 'DENY');
    assert.equal(pageHeaders['Cache-Control'], 'no-store');
    assert.match(securityHeaders('asset')['Cache-Control'] ?? '', /max-age=31536000/);
  });
});

describe('forms and routes', () => {
  test('ok/url-encoded and multipart forms, with files', () => {
    const plain = parseFormBody(
      Buffer.from('a=1&a=2&b=x%20y&c=%3Cz%3E'),
      'application/x-www-form-urlencoded',
    );
    assert.deepEqual(plain.all('a'), ['1', '2']);
    assert.equal(plain.text('b'), 'x y');
    assert.equal(plain.text('c'), '<z>');
    assert.equal(plain.text('missing'), '');
    const body = Buffer.from(
      '--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nanchor 1\r\n' +
        '--XyZ\r\nContent-Disposition: form-data; name="pemFile"; filename="ca.pem"\r\nContent-Type: application/octet-stream\r\n\r\n-----BEGIN\r\nX\r\n' +
        '--XyZ\r\nContent-Disposition: form-data; name="empty"; filename=""\r\n\r\n\r\n' +
        '--XyZ--\r\n',
    );
    const multi = parseFormBody(body, 'multipart/form-data; boundary=XyZ');
    assert.equal(multi.text('name'), 'anchor 1');
    assert.equal(multi.file('pemFile')?.data.toString(), '-----BEGIN\r\nX');
    assert.equal(multi.file('empty'), undefined);
  });

  test('fail/other content types and unclosed multiparts', () => {
    assert.throws(() => parseFormBody(Buffer.from('{}'), 'application/json'), /urlencoded/);
    assert.throws(() =>
      parseFormBody(
        Buffer.from('--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nx'),
        'multipart/form-data; boundary=B',
      ),
    );
  });

  test('ok/routes match by method and path; params are decoded; every page is linked in the navigation', () => {
    const found = matchRoute('GET', '/trust-anchors/abc-1');
    assert.equal(found.kind, 'found');
    assert.deepEqual(found.kind === 'found' ? found.params : {}, { id: 'abc-1' });
    assert.equal(matchRoute('GET', '/trust-anchors/new').kind, 'found');
    assert.equal(matchRoute('DELETE', '/trust-anchors').kind, 'wrong-method');
    assert.equal(matchRoute('GET', '/nowhere').kind, 'none');
    const named = matchRoute('GET', '/roles/a%20b');
    assert.deepEqual(named.kind === 'found' ? named.params : {}, { name: 'a b' });
    for (const [label, path] of [
      ['Subjects', '/subjects'],
      ['Audit trail', '/audit'],
      ['Private CA', '/private-ca'],
      ['Notifications', '/notifications'],
    ]) {
      assert.ok(
        NAVIGATION.some((e) => e.label === label && e.path === path),
        label,
      );
    }
    assert.ok(
      NAVIGATION.every((e) => e.path !== undefined),
      'nothing is still "coming"',
    );
    // A fixed segment wins over a parameter in the same place.
    const evaluate = matchRoute('POST', '/notifications/evaluate');
    assert.deepEqual(evaluate.kind === 'found' ? evaluate.params : undefined, {});
    const issue = matchRoute('GET', '/private-ca/new');
    assert.deepEqual(issue.kind === 'found' ? issue.params : undefined, {});
  });

  test('ok/API refusals land next to the field they name, else at the top', () => {
    const named = errorsFrom(
      new AnchorageError(
        'ValidationException',
        "1 validation error detected: Value '<x>' at 'name' failed to satisfy constraint",
      ),
      { name: 'name' },
    );
    assert.deepEqual(named.fields, {
      name: "1 validation error detected: Value '<x>' at 'name' failed to satisfy constraint",
    });
    const top = errorsFrom(new AnchorageError('AccessDeniedException', 'User: x is not authorized'), {
      name: 'name',
    });
    assert.deepEqual(top.top, ['Access denied. User: x is not authorized']);
    const coded = errorsFrom(
      new AnchorageError('MalformedPolicyDocument', 'bad'),
      {},
      { MalformedPolicyDocument: 'trustPolicy' },
    );
    assert.deepEqual(coded.fields, { trustPolicy: 'bad' });
  });
});
