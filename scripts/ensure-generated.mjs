/**
 * `npm run generate:if-stale` (run before `npm start`, `npm test`, …): runs `prisma generate` only
 * when the generated code is missing or was made from another prisma/schema.prisma or another
 * Prisma version. `npm install` generates (postinstall) and records the stamp; a start on an
 * installed checkout then costs one hash of the schema (milliseconds) instead of a generation
 * (10+ s). Plain JavaScript so it runs without a TypeScript loader.
 *
 * The stamp, src/generated/.schema-stamp, is SHA-256 over the schema's bytes, the installed
 * `prisma` and `@prisma/client` versions and the Pothos generator's version; `--write-stamp`
 * only records it (after a generation).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const stampPath = join(root, 'src/generated/.schema-stamp');
const outputs = ['src/generated/prisma/client.ts', 'src/generated/pothos-types.ts'];

function version(pkg) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'absent';
  }
}

/** The stamp of the current schema and generator versions. */
function currentStamp() {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(root, 'prisma/schema.prisma')));
  for (const pkg of ['prisma', '@prisma/client', '@pothos/plugin-prisma']) hash.update(`\n${pkg}@${version(pkg)}`);
  return hash.digest('hex');
}

const stamp = currentStamp();
if (process.argv.includes('--write-stamp')) {
  writeFileSync(stampPath, `${stamp}\n`);
  process.exit(0);
}
const recorded = existsSync(stampPath) ? readFileSync(stampPath, 'utf8').trim() : null;
if (recorded === stamp && outputs.every((f) => existsSync(join(root, f)))) process.exit(0);

console.error('prisma/schema.prisma changed (or nothing generated yet): running prisma generate');
execFileSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['prisma', 'generate'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  // Generation does not use the schema engine, but the CLI looks for one: any existing file will do.
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: 'package.json' },
});
writeFileSync(stampPath, `${stamp}\n`);
