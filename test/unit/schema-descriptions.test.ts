/**
 * Issue 13 item 5: every public type, field, argument, input field and enum value of the served
 * schema has a description, and docs/api.md is what the committed SDL generates (npm run
 * docs:api). The checker itself is shown to find each kind of omission.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { renderApiReference } from '../../scripts/lib/api-reference.js';
import { missingDescriptions } from '../../scripts/lib/schema-descriptions.js';
import { schema } from '../../src/graphql/schema.js';

const root = resolve(import.meta.dirname, '../..');

describe('schema descriptions', () => {
  it('the served schema describes every public type, field, argument, input field and enum value', () => {
    expect(missingDescriptions(schema)).toEqual([]);
  });

  it('the checker finds each kind of missing description (and ignores built-ins)', () => {
    const sdl = `
      "q" type Query { "a" a(x: Int, "y" y: Int): Int  b: E }
      enum E { "one" ONE TWO }
      input I { "f" f: Int g: Int }
      "m" type Mutation { "m" m(i: I): Int }
      scalar S`;
    expect(missingDescriptions(buildSchema(sdl))).toEqual(['E', 'E.TWO', 'I', 'I.g', 'Mutation.m(i:)', 'Query.a(x:)', 'Query.b', 'S']);
  });

  it('docs/api.md is generated from the committed schema (npm run docs:api)', async () => {
    const sdl = readFileSync(resolve(root, 'schema/schema.graphql'), 'utf8');
    expect(sdl).toBe(`${printSchema(schema)}\n`);
    expect(readFileSync(resolve(root, 'docs/api.md'), 'utf8')).toBe(await renderApiReference(sdl));
  });
});
