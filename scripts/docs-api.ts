/**
 * `npm run docs:api` writes docs/api.md, the API reference, from the committed SDL
 * (schema/schema.graphql) with graphql-markdown; `npm run docs:check` (in .ci/run) fails when
 * docs/api.md is not what the schema generates, or when a public type, field, argument, input
 * field or enum value has no description (it lists them). Run `npm run schema:print` first:
 * the reference follows the committed SDL, which `schema:check` keeps equal to the builder's.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildSchema } from 'graphql';
import { missingDescriptions } from './lib/schema-descriptions.js';
import { renderApiReference } from './lib/api-reference.js';

const ROOT = resolve(import.meta.dirname, '..');
const SDL_PATH = resolve(ROOT, 'schema/schema.graphql');
const DOC_PATH = resolve(ROOT, 'docs/api.md');

const check = process.argv.includes('--check');
const sdl = await readFile(SDL_PATH, 'utf8');
const missing = missingDescriptions(buildSchema(sdl));
const markdown = await renderApiReference(sdl);

if (check) {
  const current = await readFile(DOC_PATH, 'utf8').catch(() => '');
  const problems: string[] = [];
  if (missing.length > 0) {
    problems.push(`${missing.length} public schema element(s) without a description (add \`description\` in src/graphql/*.ts, then npm run schema:print):`, ...missing.map((c) => `  - ${c}`));
  }
  if (current !== markdown) problems.push('docs/api.md is not what schema/schema.graphql generates: run `npm run docs:api` and commit it.');
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log('docs/api.md matches the schema; every public type, field, argument and enum value is described');
} else {
  await writeFile(DOC_PATH, markdown);
  console.log(`wrote ${DOC_PATH}`);
  if (missing.length > 0) console.warn(`warning: ${missing.length} element(s) without a description (npm run docs:check lists them)`);
}
