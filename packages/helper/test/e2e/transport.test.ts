/**
 * How the helper reaches the server: HTTPS with verification (and `--no-verify-ssl` to skip it),
 * `--with-proxy` through HTTP_PROXY/HTTPS_PROXY (and not without the flag), and `--debug`, which
 * shows the signing steps but never a secret.
 */
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { makeServerTlsCertificate } from '../../../server/test/support/pki.ts';
import { setUpRolesAnywhere } from '../../../server/test/support/roles-anywhere-setup.ts';
import { type ServerProcess, startServer } from '../../../server/test/support/server-process.ts';
import { type HelperFixture, keyFlags, runAnchorage, startHelperFixture } from '../support/e2e.ts';

let fx: HelperFixture;
before(async () => {
  fx = await startHelperFixture();
});
after(async () => {
  await fx.server.stop();
});

/** A forward proxy that counts what it carries: absolute-form requests for http://, CONNECT for https://. */
async function startProxy(): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  server.on('connect', (req, socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('proxy', () => {
  test('ok/--with-proxy sends CreateSession through HTTP_PROXY; without the flag the proxy is not used', async () => {
    const proxy = await startProxy();
    try {
      const env = { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url };
      const direct = await runAnchorage(
        ['credential-process', ...keyFlags(fx.p256), ...fx.arnFlags, '--no-cache'],
        { env },
      );
      assert.equal(direct.code, 0, direct.stderr);
      assert.equal(proxy.seen.length, 0);
      const proxied = await runAnchorage(
        ['credential-process', ...keyFlags(fx.p256), ...fx.arnFlags, '--no-cache', '--with-proxy'],
        { env },
      );
      assert.equal(proxied.code, 0, proxied.stderr);
      assert.equal(proxy.seen.length, 1);
      assert.match(proxy.seen[0] ?? '', /^POST http:\/\/127\.0\.0\.1:\d+\/sessions\?profileArn=/);
    } finally {
      await proxy.close();
    }
  });

  test('ok/NO_PROXY keeps a host off the proxy', async () => {
    const proxy = await startProxy();
    try {
      const run = await runAnchorage(
        ['credential-process', ...keyFlags(fx.p256), ...fx.arnFlags, '--no-cache', '--with-proxy'],
        {
          env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
        },
      );
      assert.equal(run.code, 0, run.stderr);
      assert.equal(proxy.seen.length, 0);
    } finally {
      await proxy.close();
    }
  });
});

describe('TLS', () => {
  let tlsServer: ServerProcess;
  let flags: string[];
  before(async () => {
    const tls = makeServerTlsCertificate();
    tlsServer = await startServer({ args: ['--tls-cert', tls.certFile, '--tls-key', tls.keyFile] });
    const setup = await setUpRolesAnywhereOverTls(tlsServer, tls.certFile);
    flags = [
      ...keyFlags(fx.p256),
      '--trust-anchor-arn',
      setup.trustAnchorArn,
      '--profile-arn',
      setup.profileArn,
      '--role-arn',
      setup.roleArn,
      '--endpoint',
      tlsServer.url,
      '--no-cache',
    ];
  });
  after(async () => {
    await tlsServer.stop();
  });

  test('fail/an HTTPS server whose certificate is not trusted is refused, with what to do', async () => {
    const run = await runAnchorage(['credential-process', ...flags]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /not trusted: set NODE_EXTRA_CA_CERTS to its CA, or --no-verify-ssl/);
    assert.equal(run.stdout, '');
  });

  test('ok/--no-verify-ssl skips verification; TLS 1.2 or later still required', async () => {
    const run = await runAnchorage(['credential-process', ...flags, '--no-verify-ssl']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(JSON.parse(run.stdout).AccessKeyId, /^ASIA/);
  });

  test('ok/the server CA through NODE_EXTRA_CA_CERTS is trusted', async () => {
    const run = await runAnchorage(['credential-process', ...flags], {
      env: { NODE_EXTRA_CA_CERTS: tlsCertFile },
    });
    assert.equal(run.code, 0, run.stderr);
  });
});

let tlsCertFile = '';
async function setUpRolesAnywhereOverTls(server: ServerProcess, certFile: string) {
  tlsCertFile = certFile;
  const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // the test's own admin calls only
  try {
    return await setUpRolesAnywhere(server, fx.roots.p256.pem);
  } finally {
    if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
  }
}

describe('--debug', () => {
  test('ok/shows the canonical request and string to sign on stderr, never the secret key or token', async () => {
    const run = await runAnchorage([
      'credential-process',
      ...keyFlags(fx.p256),
      ...fx.arnFlags,
      '--no-cache',
      '--debug',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { SecretAccessKey: string; SessionToken: string };
    assert.match(
      run.stderr,
      /debug: canonical request:\nPOST\n\/sessions\nprofileArn=arn%3Aaws%3Arolesanywhere/,
    );
    assert.match(run.stderr, /debug: string to sign:\nAWS4-X509-ECDSA-SHA256\n/);
    assert.ok(!run.stderr.includes(out.SecretAccessKey));
    assert.ok(!run.stderr.includes(out.SessionToken));
  });
});
