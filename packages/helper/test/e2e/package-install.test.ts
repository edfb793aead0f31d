/**
 * The helper installs alone: `tools/pack-helper.ts` makes one tarball, `npm install` of it into
 * an empty project pulls in nothing of the server (no @anchorage/server, no @anchorage/store, no
 * other package at all), and the installed `anchorage-helper` obtains credentials from a running
 * Anchorage.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  type HelperFixture,
  keyFlags,
  REPO,
  runProgram,
  startHelperFixture,
  TEST_PATH,
} from '../support/e2e.ts';

let fx: HelperFixture;
let project: string;
before(async () => {
  fx = await startHelperFixture();
  const out = mkdtempSync(join(tmpdir(), 'anchorage-pack-out-'));
  const tarball = execFileSync(process.execPath, [join(REPO, 'tools/pack-helper.ts'), out], {
    encoding: 'utf8',
    env: { ...process.env, PATH: TEST_PATH },
  }).trim();
  project = mkdtempSync(join(tmpdir(), 'anchorage-install-'));
  writeFileSync(join(project, 'package.json'), '{"name":"workload","private":true}\n');
  // --offline: everything must come from the tarball; --omit=optional: PKCS#11 support is opt-in.
  execFileSync('npm', ['install', tarball, '--offline', '--omit=optional', '--no-audit', '--no-fund'], {
    cwd: project,
    env: { ...process.env, PATH: TEST_PATH },
    stdio: 'pipe',
  });
});
after(async () => {
  await fx.server.stop();
});

function installedPackages(dir: string): string[] {
  const found: string[] = [];
  const walk = (modules: string) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const names = entry.startsWith('@')
        ? readdirSync(join(modules, entry)).map((n) => `${entry}/${n}`)
        : [entry];
      for (const name of names) {
        found.push(name);
        walk(join(modules, name, 'node_modules'));
      }
    }
  };
  walk(join(dir, 'node_modules'));
  return found.sort();
}

test("ok/installing the helper pulls none of the server's packages: only the helper and its bundled core", () => {
  assert.deepEqual(installedPackages(project), ['@anchorage/core', '@anchorage/helper']);
  const manifest = JSON.parse(
    readFileSync(join(project, 'node_modules/@anchorage/helper/package.json'), 'utf8'),
  ) as Record<string, unknown>;
  assert.deepEqual(manifest.dependencies, { '@anchorage/core': '0.1.0' });
  assert.deepEqual(Object.keys(manifest.optionalDependencies as object), ['pkcs11js']);
});

test('ok/the installed anchorage-helper obtains credentials from a running Anchorage', async () => {
  const run = await runProgram(
    join(project, 'node_modules/.bin/anchorage-helper'),
    ['credential-process', ...keyFlags(fx.p256), ...fx.arnFlags, '--no-cache'],
    {},
    { cwd: project },
  );
  assert.equal(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout) as { Version: number; AccessKeyId: string };
  assert.equal(json.Version, 1);
  assert.match(json.AccessKeyId, /^ASIA/);
});

test('fail/without the optional pkcs11js, a pkcs11: URI says how to get PKCS#11 support', async () => {
  const run = await runProgram(
    join(project, 'node_modules/.bin/anchorage-helper'),
    [
      'credential-process',
      '--certificate',
      'pkcs11:token=none;object=none?pin-value=1',
      ...fx.arnFlags,
      '--no-cache',
    ],
    {},
    { cwd: project },
  );
  assert.equal(run.code, 1);
  assert.match(run.stderr, /pkcs11js/);
  assert.equal(run.stdout, '');
});
