/**
 * The web console in a real browser: playwright-core driving Debian's Chromium (headless, fresh
 * profile). The whole flow through the forms: sign in with the administrator key; create
 * a root CA on the Private CA page and a trust anchor on it, a managed policy, a role with the
 * trust-policy editor, and a profile; issue a workload certificate with a key generated on the
 * server and download both files; a workload gets credentials with CreateSession using them (and
 * one attempt is refused); the subject and the audit records (with the certificate serial) appear,
 * the audit export downloads; notifications are evaluated; the certificate is revoked and
 * CreateSession then refuses it; the policy simulator explains a decision; sign out. Throughout:
 * no console error, no page error, no CSP violation; the CSP header and the cookie's flags as the
 * browser sees them. Every page visited is saved as a screenshot in `test-artifacts/console/`
 * (laptop width 1280, and phone width 390 for the overview and some forms).
 */
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type BrowserContext, chromium, type Download, type Page } from 'playwright-core';
import { readAdminCredentials } from './support/admin-credentials.ts';
import { createSession } from './support/create-session-client.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../../../test-artifacts/console/', import.meta.url).pathname;
const CSP =
  "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const LAPTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let server: ServerProcess;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];
let shot = 0;

/** Saves what the browser shows now, numbered in visiting order. */
async function screenshot(name: string): Promise<void> {
  shot += 1;
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({
    path: join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}-${width}.png`),
    fullPage: true,
  });
}

/** Goes to a console page, checks its status and CSP as the browser received them, and saves it. */
async function visit(path: string, name: string): Promise<void> {
  const response = await page.goto(`${server.url}${path}`);
  assert.ok(response !== null, path);
  assert.equal(response.status(), 200, path);
  assert.equal(response.headers()['content-security-policy'], CSP, path);
  await screenshot(name);
}

/** The text of the first element a selector finds. */
async function text(selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent()) ?? '';
}

/** Clicks a download link and reads what the browser saved. */
async function download(linkText: string): Promise<{ file: Download; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: linkText, exact: true }).click(),
  ]);
  const path = await file.path();
  return { file, text: readFileSync(path, 'utf8') };
}

/** Reloads a page until its main text matches (the subject and audit writers batch). */
async function until(path: string, pattern: RegExp): Promise<string> {
  let seen = '';
  for (let i = 0; i < 50 && !pattern.test(seen); i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 100));
    await page.goto(`${server.url}${path}`);
    seen = await text('main');
  }
  assert.match(seen, pattern);
  return seen;
}

/** Submits the form a button belongs to and waits for the page that follows. */
async function submit(buttonText: string): Promise<void> {
  await Promise.all([
    page.waitForLoadState('load'),
    page.getByRole('button', { name: buttonText, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer();
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'anchorage-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: LAPTOP,
    acceptDownloads: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content.Security.Policy/i.test(message.text())) {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
});

after(async () => {
  await context?.close();
  await server?.stop();
});

test('ok/a newcomer signs in, creates a CA, anchor, role and profile, issues a certificate, sees the session, simulates, signs out', async () => {
  // Sign in with the administrator key.
  await visit('/console/sign-in', 'sign-in');
  const admin = readAdminCredentials(server.credentialsFile);
  await page.fill('#f-accessKeyId', admin.accessKeyId);
  await page.fill('#f-secretAccessKey', admin.secretAccessKey);
  await submit('Sign in');
  assert.equal(new URL(page.url()).pathname, '/console/');
  const cookies = await context.cookies(`${server.url}/console/`);
  const session = cookies.find((c) => c.name === 'anchorage_console');
  assert.ok(session !== undefined, JSON.stringify(cookies));
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');
  assert.equal(session.path, '/console');
  assert.equal(session.secure, false); // plain HTTP here; the HTTP test checks Secure under TLS
  assert.ok(session.expires > Date.now() / 1000 + 11 * 3600, 'a 12-hour cookie');
  assert.equal(await page.evaluate('document.cookie'), '', 'HttpOnly: scripts cannot read it');
  await screenshot('overview');
  await page.setViewportSize(PHONE);
  await screenshot('overview');
  await page.setViewportSize(LAPTOP);

  // A root CA on the Private CA page.
  await visit('/console/private-ca', 'private-ca');
  await page.getByRole('link', { name: 'Create root CA' }).click();
  await page.waitForLoadState('load');
  await page.setViewportSize(PHONE);
  await screenshot('private-ca-new');
  await page.setViewportSize(LAPTOP);
  await page.fill('#f-subject', 'CN=Browser Test Root CA,O=Anchorage');
  await page.fill('#f-validityDays', '30');
  await submit('Create CA');
  assert.match(await text('main'), /Created\.[\s\S]*Private CA Browser Test Root CA[\s\S]*active/);
  const caArn = (await text('dt:text("ARN") + dd')).trim();
  assert.match(caArn, /^arn:aws:acm-pca:us-east-1:000000000000:certificate-authority\/[0-9a-f-]{36}$/);
  const caPath = new URL(page.url()).pathname;
  await screenshot('private-ca-detail');

  // A trust anchor on that CA, chosen in a select.
  await visit('/console/trust-anchors', 'trust-anchors');
  await page.getByRole('link', { name: 'Create trust anchor' }).click();
  await page.waitForLoadState('load');
  await screenshot('trust-anchor-new');
  await page.fill('#f-name', 'browser-anchor');
  await page.check('input[name="sourceType"][value="AWS_ACM_PCA"]');
  await page.selectOption('#f-acmPcaArn', caArn);
  await submit('Create trust anchor');
  assert.match(
    await text('main'),
    /Created\.[\s\S]*Trust anchor browser-anchor[\s\S]*Built-in private CA[\s\S]*Browser Test Root CA/,
  );
  const anchorArn = (await text('dt:text("ARN") + dd')).trim();
  assert.match(anchorArn, /^arn:aws:rolesanywhere:us-east-1:000000000000:trust-anchor\//);
  await screenshot('trust-anchor-detail');

  // A managed policy from the example the form offers.
  await visit('/console/policies/new', 'policy-new');
  await page.fill('#f-policyName', 'read-reports');
  await submit('Create policy');
  assert.match(await text('main'), /Policy read-reports[\s\S]*ReadReports/);
  await screenshot('policy-view');

  // A role through the trust-policy editor: choosing the anchor fills the Roles Anywhere template.
  await visit('/console/roles/new', 'role-new');
  await page.fill('#f-roleName', 'BrowserWorkload');
  await page.fill('#f-description', 'Workloads of the browser test');
  await page.selectOption('#f-trustAnchorArn', anchorArn);
  const trustPolicy = await page.inputValue('#f-trustPolicy');
  assert.match(trustPolicy, /rolesanywhere\.amazonaws\.com/);
  assert.ok(trustPolicy.includes(anchorArn), 'the template names the chosen anchor');
  assert.equal(await text('#f-trustPolicy-json'), 'JSON is well-formed.'); // the script ran under the CSP
  assert.equal(await page.isChecked('#trust-template'), true);
  await page.selectOption('#f-attachPolicyArn', { label: 'read-reports' });
  await page.setViewportSize(PHONE);
  await screenshot('role-new');
  await page.setViewportSize(LAPTOP);
  await submit('Create role');
  const roleText = await text('main');
  assert.match(roleText, /Role BrowserWorkload[\s\S]*read-reports/);
  assert.ok(roleText.includes(anchorArn));
  await screenshot('role-detail');

  // A profile for the role.
  await visit('/console/profiles/new', 'profile-new');
  await page.fill('#f-name', 'browser-profile');
  await page.selectOption('#f-roleArns', { label: 'BrowserWorkload' });
  await submit('Create profile');
  assert.match(await text('main'), /Created\.[\s\S]*Profile browser-profile[\s\S]*enabled/);
  const profileArn = (await text('dt:text("ARN") + dd')).trim();
  await screenshot('profile-detail');

  // A certificate with a key generated on the server; both files download from the result page.
  await visit(caPath, 'private-ca-detail');
  await page.getByRole('link', { name: 'Issue certificate' }).click();
  await page.waitForLoadState('load');
  await screenshot('private-ca-issue');
  await page.fill('#f-subject', 'CN=browser-workload,O=Anchorage');
  await submit('Issue certificate');
  assert.match(await text('main'), /Certificate issued[\s\S]*browser-workload[\s\S]*only time it is offered/);
  await screenshot('private-ca-issued');
  const certificateFile = await download('Download certificate');
  const keyFile = await download('Download private key');
  assert.match(certificateFile.file.suggestedFilename(), /^certificate-[0-9A-F]+\.pem$/);
  assert.match(keyFile.file.suggestedFilename(), /^private-key-[0-9A-F]+\.pem$/);
  const certificate = new X509Certificate(certificateFile.text);
  const privateKey = createPrivateKey(keyFile.text);
  assert.ok(certificate.checkPrivateKey(privateKey), 'the key downloaded belongs to the certificate');
  assert.ok(
    certificate.verify(new X509Certificate((await download('Download CA certificate')).text).publicKey),
  );
  const serial = certificate.serialNumber.toUpperCase();
  // The key was offered once: the CA page lists the certificate, never the key.
  await visit(caPath, 'private-ca-with-certificate');
  const caPage = await page.content();
  assert.ok(caPage.includes(serial), 'the issued certificate is listed');
  assert.doesNotMatch(caPage, /PRIVATE KEY/);

  // A workload gets credentials with those files; an attempt for a role outside the profile fails.
  const arns = {
    trustAnchorArn: anchorArn,
    profileArn,
    roleArn: 'arn:aws:iam::000000000000:role/BrowserWorkload',
  };
  const createSessionAs = (roleArn: string) =>
    createSession({
      endpoint: server.url,
      arns: { ...arns, roleArn },
      certificate: certificate.raw,
      privateKey,
      serial: BigInt(`0x${certificate.serialNumber}`),
    });
  const granted = await createSessionAs(arns.roleArn);
  assert.equal(granted.status, 201, JSON.stringify(granted.json));
  const refused = await createSessionAs('arn:aws:iam::000000000000:role/NotInTheProfile');
  assert.equal(refused.status, 403, JSON.stringify(refused.json));
  let overview = '';
  for (let i = 0; i < 50 && !/browser-workload/.test(overview); i++) {
    await page.goto(`${server.url}/console/`);
    overview = await text('main');
    if (!/browser-workload/.test(overview)) await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(overview, /Recent CreateSession activity[\s\S]*Successes[\s\S]*browser-workload/);
  assert.match(overview, /Trust anchors\s*1[\s\S]*Profiles\s*1[\s\S]*Roles\s*1/);
  await screenshot('overview-with-activity');

  // The subject: its certificate, and the refused attempt with its precise reason.
  await until('/console/subjects', /browser-workload/);
  await screenshot('subjects');
  await page.getByRole('link', { name: /browser-workload/ }).click();
  await page.waitForLoadState('load');
  const subjectText = await text('main');
  assert.ok(subjectText.includes(serial), 'the subject lists the certificate');
  assert.match(subjectText, /Failed attempts[\s\S]*AccessDenied[\s\S]*NotInTheProfile/);
  await screenshot('subject-detail');

  // The audit trail, filtered with the form: the session allowed, with the certificate's serial.
  await until('/console/audit', new RegExp(serial));
  await page.selectOption('#f-action', 'rolesanywhere:CreateSession');
  await page.selectOption('#f-outcome', 'allowed');
  await submit('Filter');
  const records = await text('section[aria-label="Records"]');
  assert.match(
    records,
    new RegExp(
      `rolesanywhere:CreateSession\\s*api\\s*allowed[\\s\\S]*browser-workload[\\s\\S]*serial ${serial}`,
    ),
  );
  assert.doesNotMatch(records, /NotInTheProfile/);
  await screenshot('audit-trail');
  const exported = (await download('Export matching records (NDJSON)')).text.trim().split('\n');
  assert.ok(exported.length >= 1);
  for (const line of exported) {
    const record = JSON.parse(line) as { outcome: string; certificate?: { serialNumber: string } };
    assert.equal(record.outcome, 'allowed');
  }
  assert.ok(exported.some((line) => line.includes(serial)));

  // Notifications: the 30-day CA is inside the default 45-day threshold; evaluating announces it.
  await visit('/console/notifications', 'notifications');
  await submit('Evaluate now');
  assert.match(await text('main'), /Evaluated[\s\S]*CA certificate expiry[\s\S]*log: delivered/);
  await screenshot('notifications-evaluated');

  // Revoke the certificate after the confirmation page; CreateSession refuses it from then on.
  await visit(caPath, 'private-ca-detail');
  await page.getByRole('link', { name: 'Revoke…' }).click();
  await page.waitForLoadState('load');
  await page.selectOption('#f-reason', 'KEY_COMPROMISE');
  await screenshot('private-ca-revoke');
  await submit('Revoke certificate');
  assert.match(await text('main'), /Revoked\.[\s\S]*revoked\s*KEY_COMPROMISE/);
  await screenshot('private-ca-revoked');
  assert.equal((await createSessionAs(arns.roleArn)).status, 403);

  // The simulator explains: allowed by the statement shown, and an implicit deny.
  await visit('/console/simulator', 'simulator');
  await page.selectOption('#f-roleArn', { label: 'BrowserWorkload' });
  await page.fill('#f-actions', 's3:GetObject\niam:DeleteRole');
  await page.fill('#f-resources', 'arn:aws:s3:::reports/q3.csv');
  await submit('Simulate');
  const results = await text('section[aria-labelledby="results"]');
  assert.match(
    results,
    /s3:GetObject on arn:aws:s3:::reports\/q3\.csv\s*Allowed[\s\S]*read-reports[\s\S]*"Sid": "ReadReports"/,
  );
  assert.match(
    results,
    /iam:DeleteRole on arn:aws:s3:::reports\/q3\.csv\s*Denied \(implicit\)\s*No statement allows it/,
  );
  await screenshot('simulator-results');

  // Sign out: back at the sign-in page, the cookie gone, the console closed.
  await submit('Sign out');
  assert.equal(new URL(page.url()).pathname, '/console/sign-in');
  assert.equal(
    (await context.cookies(`${server.url}/console/`)).some((c) => c.name === 'anchorage_console'),
    false,
  );
  await screenshot('signed-out');
  await page.goto(`${server.url}/console/roles`);
  assert.equal(new URL(page.url()).pathname, '/console/sign-in');

  assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
});
