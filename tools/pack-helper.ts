/**
 * Builds the installable credential helper: `anchorage-helper-<version>.tgz`, one self-contained
 * npm package with @anchorage/core bundled inside, compiled to JavaScript (Node.js does not strip
 * types under node_modules). It depends on nothing of the server; pkcs11js stays an optional
 * dependency, loaded only for `pkcs11:` URIs.
 *
 *   node tools/pack-helper.ts [output-dir]      (default: ./dist)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = new URL('../', import.meta.url).pathname;
const outDir = resolve(process.argv[2] ?? join(repo, 'dist'));
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const helperManifest = readJson(join(repo, 'packages/helper/package.json'));
const coreManifest = readJson(join(repo, 'packages/core/package.json'));

const stage = mkdtempSync(join(tmpdir(), 'anchorage-pack-'));
try {
  // 1. Sources side by side, each package an ES module package, core resolvable from helper.
  for (const name of ['core', 'helper']) {
    cpSync(join(repo, 'packages', name, 'src'), join(stage, name, 'src'), { recursive: true });
    writeFileSync(
      join(stage, name, 'package.json'),
      JSON.stringify({ name: `@anchorage/${name}`, type: 'module', exports: { './*': './src/*.ts' } }),
    );
  }
  mkdirSync(join(stage, 'helper/node_modules/@anchorage'), { recursive: true });
  cpSync(join(stage, 'core'), join(stage, 'helper/node_modules/@anchorage/core'), { recursive: true });
  // Types of the optional PKCS#11 binding, for the compiler only.
  symlinkSync(join(repo, 'node_modules/pkcs11js'), join(stage, 'helper/node_modules/pkcs11js'));
  writeFileSync(
    join(stage, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2024',
        lib: ['es2024'],
        module: 'nodenext',
        moduleResolution: 'nodenext',
        types: ['node'],
        typeRoots: [join(repo, 'node_modules/@types')],
        rewriteRelativeImportExtensions: true,
        verbatimModuleSyntax: true,
        erasableSyntaxOnly: true,
        strict: true,
        skipLibCheck: true,
        declaration: true,
        rootDir: '.',
        outDir: 'out',
      },
      include: ['core/src/**/*.ts', 'helper/src/**/*.ts'],
    }),
  );
  // 2. Compile: the same strict settings as the repository, relative `.ts` imports become `.js`.
  execFileSync(join(repo, 'node_modules/.bin/tsc'), ['-p', join(stage, 'tsconfig.json')], {
    stdio: 'inherit',
  });

  // 3. The published layout: core's JavaScript inside the helper's node_modules (bundled).
  const pkg = join(stage, 'package');
  const bundledCore = join(pkg, 'node_modules/@anchorage/core');
  cpSync(join(stage, 'out/core/src'), join(bundledCore, 'dist'), { recursive: true });
  writeFileSync(
    join(bundledCore, 'package.json'),
    `${JSON.stringify({ name: '@anchorage/core', version: coreManifest.version, license: coreManifest.license, type: 'module', exports: { './*': './dist/*.js' } }, null, 2)}\n`,
  );
  cpSync(join(stage, 'out/helper/src'), join(pkg, 'dist'), { recursive: true });
  mkdirSync(join(pkg, 'bin'));
  const bin = readFileSync(join(repo, 'packages/helper/bin/anchorage-helper.js'), 'utf8').replace(
    "'../src/cli.ts'",
    "'../dist/cli.js'",
  );
  if (!bin.includes("'../dist/cli.js'"))
    throw new Error('bin/anchorage-helper.js no longer imports ../src/cli.ts');
  writeFileSync(join(pkg, 'bin/anchorage-helper.js'), bin, { mode: 0o755 });
  cpSync(join(repo, 'packages/helper/README.md'), join(pkg, 'README.md'));
  writeFileSync(
    join(pkg, 'package.json'),
    `${JSON.stringify(
      {
        name: helperManifest.name,
        version: helperManifest.version,
        description: helperManifest.description,
        license: helperManifest.license,
        type: 'module',
        // Node.js 24: ML-DSA (OpenSSL 3.5) and the built-in proxy support of node:https.
        engines: { node: '>=24' },
        exports: { '.': './dist/index.js', './*': './dist/*.js' },
        bin: helperManifest.bin,
        dependencies: { '@anchorage/core': coreManifest.version },
        bundleDependencies: ['@anchorage/core'],
        optionalDependencies: helperManifest.optionalDependencies,
      },
      null,
      2,
    )}\n`,
  );
  mkdirSync(outDir, { recursive: true });
  const name = execFileSync('npm', ['pack', '--pack-destination', outDir, '--silent'], {
    cwd: pkg,
    encoding: 'utf8',
  }).trim();
  process.stdout.write(`${join(outDir, name)}\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
