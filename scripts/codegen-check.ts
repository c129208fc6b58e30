/**
 * `npm run codegen:check`: regenerates the typed documents in memory from codegen.ts and exits 1
 * when test/generated/ differs (a changed file, a missing one or a stale one): the committed
 * output must match the committed schema and the documents in the tests.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import config from '../codegen.js';

const root = resolve(import.meta.dirname, '..');
const outputDir = 'test/generated';

// Without saving, generate() resolves to the outputs it would write.
const files = (await generate({ ...config, cwd: root, silent: true }, false)) as { filename: string; content: string }[];
const expected = new Map(files.map((f) => [relative(root, resolve(root, f.filename)), f.content]));
const committed = (await readdir(join(root, outputDir))).map((name) => join(outputDir, name));

const drift: string[] = [];
for (const [file, content] of expected) {
  const onDisk = await readFile(join(root, file), 'utf8').catch(() => null);
  if (onDisk !== content) drift.push(`${file} ${onDisk === null ? 'is missing' : 'differs'}`);
}
for (const file of committed) if (!expected.has(file)) drift.push(`${file} is not generated any more`);

if (drift.length) {
  console.error(`${outputDir}/ is out of date (run \`npm run codegen\` and commit it):\n  ${drift.join('\n  ')}`);
  process.exit(1);
}
console.log(`${outputDir}/ matches the schema and the documents`);
