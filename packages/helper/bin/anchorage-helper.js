#!/usr/bin/env node
// Entry point of the `anchorage-helper` command: the credential helper alone, for machines that
// install only @anchorage/helper. Plain JavaScript so that it can explain itself on an old Node.js.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(`anchorage-helper needs Node.js 24 or later (this is ${process.version}).\n`);
  process.exit(1);
}
const { runHelper } = await import('../src/cli.ts');
process.exitCode = await runHelper(process.argv.slice(2), { program: 'anchorage-helper' });
