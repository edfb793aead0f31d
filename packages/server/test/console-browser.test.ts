/**
 * The web console in a real browser: playwright-core driving Debian's Chromium (headless, fresh
 * profile). A newcomer's path through the forms: sign in with the administrator key; create a
 * trust anchor on the built-in CA, a managed policy, a role with the trust-policy editor, and a
 * profile; a workload then gets credentials with CreateSession and the overview shows it; the
 * policy simulator explains a decision; sign out. Throughout: no console error, no page error, no
 * CSP violation; the CSP header and the cookie's flags as the browser sees them. Every page
 * visited is saved as a screenshot in `test-artifacts/console/` (laptop width 1280, and phone
 * width 390 for the overview and a form).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { readAdminCredentials } from './support/admin-credentials.ts';
import { createSession } from './support/create-session-client.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const run = promisify(execFile);
const BIN = new URL('../bin/anchorage.js', import.meta.url).pathname;
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../../../test-artifacts/console/', import.meta.url).pathname;
const CSP =
  "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const LAPTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let server: ServerProcess;
let context: BrowserContext;
let page: Page;
let caArn: string;
const problems: string[] = [];
let shot = 0;

async function anchorage(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [
    BIN,
    ...args,
    '--endpoint',
    server.url,
    '--data-dir',
    server.dataDir,
  ]);
  return stdout;
}

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
  caArn = JSON.parse(
    await anchorage(
      'ca',
      'create',
      '--subject',
      'CN=Browser Test Root CA,O=Anchorage',
      '--validity-days',
      '30',
    ),
  ).arn as string;
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'anchorage-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: LAPTOP,
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

test('ok/a newcomer signs in, builds anchor, role and profile, sees a session, simulates, signs out', async () => {
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

  // A trust anchor on the built-in CA, chosen in a select.
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

  // A workload with a certificate from the CA gets credentials; the overview shows the session.
  const out = mkdtempSync(join(tmpdir(), 'anchorage-browser-cert-'));
  await anchorage(
    'ca',
    'issue',
    '--ca-arn',
    caArn,
    '--subject',
    'CN=browser-workload,O=Anchorage',
    '--out',
    out,
  );
  const certificate = new X509Certificate(readFileSync(join(out, 'certificate.pem')));
  const granted = await createSession({
    endpoint: server.url,
    arns: {
      trustAnchorArn: anchorArn,
      profileArn,
      roleArn: 'arn:aws:iam::000000000000:role/BrowserWorkload',
    },
    certificate: certificate.raw,
    privateKey: createPrivateKey(readFileSync(join(out, 'private-key.pem'))),
    serial: BigInt(`0x${certificate.serialNumber}`),
  });
  assert.equal(granted.status, 201, JSON.stringify(granted.json));
  let overview = '';
  for (let i = 0; i < 50 && !/browser-workload/.test(overview); i++) {
    await page.goto(`${server.url}/console/`);
    overview = await text('main');
    if (!/browser-workload/.test(overview)) await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(overview, /Recent CreateSession activity[\s\S]*Successes[\s\S]*browser-workload/);
  assert.match(overview, /Trust anchors\s*1[\s\S]*Profiles\s*1[\s\S]*Roles\s*1/);
  await screenshot('overview-with-activity');

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
