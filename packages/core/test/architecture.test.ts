/**
 * The core stays pure: it imports only other core modules and the platform's computation
 * modules, never I/O (file system, network, processes) nor the store or server packages. The
 * helper depends on the core only and must install without the server.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

// node:zlib only compresses in memory (session tokens); it does no I/O.
const ALLOWED_PLATFORM = new Set(['node:crypto', 'node:buffer', 'node:zlib']);
const root = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*from\s+'([^']+)'/gm),
    ...text.matchAll(/import\('([^']+)'\)/g),
  ].map((m) => m[1] ?? '');
}

test('ok/core sources import only core modules and pure platform modules', () => {
  const offending: string[] = [];
  for (const file of sources(join(root, 'core/src'))) {
    for (const spec of importsOf(file)) {
      const fine = spec.startsWith('.') || spec.startsWith('@anchorage/core/') || ALLOWED_PLATFORM.has(spec);
      if (!fine) offending.push(`${file.slice(root.length)} imports ${spec}`);
    }
    const text = readFileSync(file, 'utf8');
    if (/\bDate\.now\(|\bnew Date\(\)|\bMath\.random\(|\bprocess\./.test(text)) {
      offending.push(`${file.slice(root.length)} reads the clock, randomness or the process`);
    }
  }
  assert.deepEqual(offending, []);
});

test('ok/store sources never import the server', () => {
  const offending = sources(join(root, 'store/src')).flatMap((file) =>
    importsOf(file)
      .filter((spec) => spec.startsWith('@anchorage/server'))
      .map((spec) => `${file.slice(root.length)} imports ${spec}`),
  );
  assert.deepEqual(offending, []);
});

test('ok/helper sources import only the core, the platform and the optional PKCS#11 binding', () => {
  // The helper installs without the server: nothing of the store or the server, no other package.
  const offending = sources(join(root, 'helper/src')).flatMap((file) =>
    importsOf(file)
      .filter(
        (spec) =>
          !spec.startsWith('.') &&
          !spec.startsWith('node:') &&
          !spec.startsWith('@anchorage/core/') &&
          spec !== 'pkcs11js',
      )
      .map((spec) => `${file.slice(root.length)} imports ${spec}`),
  );
  assert.deepEqual(offending, []);
});
