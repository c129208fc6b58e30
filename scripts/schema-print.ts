/**
 * `npm run schema:print` writes the served schema, sorted, to schema/schema.graphql;
 * `npm run schema:check` exits 1 when the committed file differs from the builder.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { printSchema } from 'graphql';
import { schema } from '../src/graphql/schema.js';

const path = resolve(import.meta.dirname, '../schema/schema.graphql');
const printed = `${printSchema(schema)}\n`;

if (process.argv.includes('--check')) {
  const committed = await readFile(path, 'utf8').catch(() => '');
  if (committed !== printed) {
    console.error('schema/schema.graphql differs from the builder: run `npm run schema:print` and commit it');
    process.exit(1);
  }
  console.log('schema/schema.graphql matches the builder');
} else {
  await writeFile(path, printed);
  console.log(`wrote ${path}`);
}
