#!/usr/bin/env node
// Entry point of the `anchorage` command. Plain JavaScript so that it can explain itself on an
// older Node.js; the sources are TypeScript run by Node 24's built-in type stripping.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `anchorage needs Node.js 24 or later (this is ${process.version}). ` +
      'Run it through npm (npm start, npx anchorage), which uses the Node.js 24 that npm ci installed.\n',
  );
  process.exit(1);
}
await import('../src/cli.ts');
