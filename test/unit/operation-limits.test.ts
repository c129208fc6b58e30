/**
 * The operation limits' defaults admit every operation the project documents or uses: each
 * GraphQL document in README.md, schema/operations/ and the test suites (template and quoted
 * strings that read as GraphQL) is measured — tokens, depth, aliases, directives, cost — and must
 * fit the defaults of src/config/env.ts. The maxima are printed: README "Operation limits" quotes
 * them and the margin each default leaves. The malicious-operation suite is left out on purpose.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  isEnumType, isInputObjectType, isListType, isNonNullType, Kind, Lexer, parse, print, Source, TokenKind, typeFromAST, validate,
  type DocumentNode, type GraphQLInputType, type OperationDefinitionNode,
} from 'graphql';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { costRule } from '../../src/graphql/limits.js';
import { schema } from '../../src/graphql/schema.js';

const root = join(import.meta.dirname, '..', '..');
const EXCLUDED = new Set(['test/integration/operation-limits.test.ts', 'test/unit/operation-limits.test.ts']);

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? files(path, ext) : ext.test(name) ? [path] : [];
  });
}

/** [origin, document text] for every GraphQL document the project holds. */
function documents(): [string, string][] {
  const out: [string, string][] = [];
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  for (const m of readme.matchAll(/```graphql\n([\s\S]*?)```/g)) out.push([`README.md@${m.index}`, m[1]!]);
  for (const f of files('schema/operations', /\.graphql$/)) out.push([f, readFileSync(join(root, f), 'utf8')]);
  for (const f of files('test', /\.ts$/).filter((f) => !EXCLUDED.has(f))) {
    const text = readFileSync(join(root, f), 'utf8');
    for (const m of text.matchAll(/`(\s*(?:query|mutation|subscription)\b[^`]*|\s*\{\s*[A-Za-z_][^`]*\})`/g)) {
      // Interpolations are keys and ids inside quotes, or shared selections: both become a name.
      out.push([`${f}@${m.index}`, m[1]!.replace(/\$\{[^}]*\}/g, 'x')]);
    }
  }
  return out;
}

interface Measure { origin: string; tokens: number; depth: number; aliases: number; directives: number; cost: number | null }

function countTokens(text: string): number {
  const lexer = new Lexer(new Source(text));
  let n = 0;
  while (lexer.advance().kind !== TokenKind.EOF) n++;
  return n;
}

/** Structure counts as Armor computes them (its own rules, accepting everything). */
function structure(doc: DocumentNode) {
  const seen = { depth: 0, aliases: 0, directives: 0 };
  const take = (k: keyof typeof seen) => [(_: unknown, d: { n: number }) => { seen[k] = Math.max(seen[k], d.n); }];
  validate(schema, doc, [
    maxDepthRule({ n: Infinity, onAccept: take('depth') }) as never,
    maxAliasesRule({ n: Infinity, onAccept: take('aliases') }) as never,
    maxDirectivesRule({ n: Infinity, onAccept: take('directives') }) as never,
  ]);
  return seen;
}

/** A value of `type` for a variable the document does not bind here (pages take their default). */
function placeholder(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return placeholder(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type) && type.isOneOf) {
    const first = Object.values(type.getFields())[0]!;
    return { [first.name]: placeholder(first.type) };
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return Object.fromEntries(fields.map((f) => [f.name, placeholder(f.type)]));
  }
  return ({ Int: 1, Float: 1, Boolean: true, DateTime: '2026-01-01T00:00:00Z' } as Record<string, unknown>)[type.name] ?? 'x';
}

/** Cost of the document's costliest operation; null when the document is not valid. */
function cost(doc: DocumentNode): number | null {
  if (validate(schema, doc).length) return null;
  let max = 0;
  for (const op of doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)) {
    const variables = Object.fromEntries(
      (op.variableDefinitions ?? []).filter((v) => v.type.kind === Kind.NON_NULL_TYPE).map((v) => [v.variable.name.value, placeholder(typeFromAST(schema, v.type) as GraphQLInputType)]),
    );
    const errors = validate(schema, doc, [costRule(Infinity, { variables, operationName: op.name?.value }, (c) => (max = Math.max(max, c)))]);
    if (errors.length) throw new Error(`${errors[0]!.message} in ${print(op).slice(0, 200)}`);
  }
  return max;
}

function measureAll(): Measure[] {
  return documents().flatMap(([origin, text]) => {
    let doc: DocumentNode;
    try {
      doc = parse(text);
    } catch {
      return []; // deliberately malformed documents (parser tests)
    }
    return [{ origin, tokens: countTokens(text), ...structure(doc), cost: cost(doc) }];
  });
}

describe('operation limit defaults', () => {
  const limits = loadConfig({}).graphqlLimits;
  const measures = measureAll();

  it('measure a meaningful corpus', () => {
    expect(measures.length).toBeGreaterThan(100);
    expect(measures.filter((m) => m.cost !== null).length).toBeGreaterThan(50);
  });

  it('admit every operation of the README, schema/operations and the tests', () => {
    const top = (k: keyof Omit<Measure, 'origin'>) => {
      const best = measures.reduce((a, b) => ((b[k] ?? -1) > (a[k] ?? -1) ? b : a));
      return { max: best[k], at: relative('.', best.origin) };
    };
    const maxima = { tokens: top('tokens'), depth: top('depth'), aliases: top('aliases'), directives: top('directives'), cost: top('cost') };
    console.log(`operations measured: ${measures.length}; maxima: ${JSON.stringify(maxima, null, 1)}`);
    for (const m of measures) {
      expect(m.tokens, m.origin).toBeLessThanOrEqual(limits.maxTokens);
      expect(m.depth, m.origin).toBeLessThanOrEqual(limits.maxDepth);
      expect(m.aliases, m.origin).toBeLessThanOrEqual(limits.maxAliases);
      expect(m.directives, m.origin).toBeLessThanOrEqual(limits.maxDirectives);
      if (m.cost !== null) expect(m.cost, m.origin).toBeLessThanOrEqual(limits.maxCost);
    }
  });
});
