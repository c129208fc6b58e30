/**
 * The layer rules of `npm run lint:boundaries` (.dependency-cruiser.cjs, eslint.config.js) catch
 * what they promise: dependency-cruiser runs with the repository's config over a small tree of
 * one-line modules written to a temporary directory (a layout like src/, with node_modules linked
 * so npm imports resolve), and eslint lints snippets as if they were files of src/.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** Allowed arrows: each layer importing a lower one, and adapters naming the bag types. */
const ALLOWED: Record<string, string> = {
  'src/lib/log.ts': `export const log = 1;`,
  'src/config/env.ts': `import { log } from '../lib/log.js'; export const env = log;`,
  'src/generated/prisma/enums.ts': `export const Role = { ADMIN: 'ADMIN' } as const;`,
  'src/generated/prisma/client.ts': `export * from './enums.js';`,
  'src/stats/welch.ts': `export const welch = 2;`,
  'src/db/tx.ts': `import type { Role } from '../generated/prisma/client.js'; export type Tx = typeof Role;`,
  'src/warehouse/store.ts': `import { env } from '../config/env.js'; export const store = env;`,
  'src/domain/errors.ts': `export class DomainError extends Error {}`,
  'src/domain/access/actor.ts': `import { DomainError } from '../errors.js'; export const actor = DomainError;`,
  'src/domain/thing/rules.ts': `import { Role } from '../../generated/prisma/enums.js'; export const rule = Role;`,
  'src/domain/thing/service.ts': [
    `import type { Tx } from '../../db/tx.js';`,
    `import { store } from '../../warehouse/store.js';`,
    `import { welch } from '../../stats/welch.js';`,
    `import { rule } from './rules.js';`,
    `import { actor } from '../access/actor.js';`,
    `export type T = Tx; export const service = [store, welch, rule, actor];`,
  ].join('\n'),
  'src/services.ts': `import { service } from './domain/thing/service.js'; export const services = { service };`,
  'src/context.ts': `import { services } from './services.js'; export interface Context { services: typeof services }`,
  'src/graphql/builder.ts': [
    `import { GraphQLError } from 'graphql';`,
    `import type { Context } from '../context.js';`,
    `import { service } from '../domain/thing/service.js';`,
    `export const builder = [GraphQLError, service] as unknown as Context;`,
  ].join('\n'),
  'src/graphql/thing.ts': `import { builder } from './builder.js'; export const thing = builder;`,
  'src/ingestion/http.ts': `import { store } from '../warehouse/store.js'; export const http = store;`,
  'src/app.ts': `import { thing } from './graphql/thing.js'; import { http } from './ingestion/http.js'; export const app = [thing, http];`,
  'src/main.ts': `import { app } from './app.js'; export const main = app;`,
};

/** One upward (or sideways) arrow per rule; each file is imported by nothing. */
const VIOLATIONS: Record<string, { source: string; rule: string; to: string }> = {
  'src/db/up.ts': { source: `import { service } from '../domain/thing/service.js'; export const x = service;`, rule: 'infrastructure-imports-up', to: 'src/domain/thing/service.ts' },
  'src/warehouse/up.ts': { source: `import type { DomainError } from '../domain/errors.js'; export type X = DomainError;`, rule: 'infrastructure-imports-up', to: 'src/domain/errors.ts' },
  'src/stats/up.ts': { source: `import { Role } from '../generated/prisma/enums.js'; export const x = Role;`, rule: 'stats-imports-app', to: 'src/generated/prisma/enums.ts' },
  'src/lib/up.ts': { source: `import { welch } from '../stats/welch.js'; export const x = welch;`, rule: 'leaf-imports-app', to: 'src/stats/welch.ts' },
  'src/domain/thing/up.ts': { source: `import { http } from '../../ingestion/http.js'; export const x = http;`, rule: 'domain-imports-up', to: 'src/ingestion/http.ts' },
  'src/domain/thing/yoga.ts': { source: `import { GraphQLError } from 'graphql'; export const x = GraphQLError;`, rule: 'domain-imports-graphql-packages', to: 'graphql' },
  'src/domain/thing/lifecycle.ts': { source: `import { store } from '../../warehouse/store.js'; export const x = store;`, rule: 'domain-pure-imports-io', to: 'src/warehouse/store.ts' },
  'src/domain/access/up.ts': { source: `import { rule } from '../thing/rules.js'; export const x = rule;`, rule: 'domain-access-imports-domain', to: 'src/domain/thing/rules.ts' },
  'src/graphql/store.ts': { source: `import { store } from '../warehouse/store.js'; export const x = store;`, rule: 'graphql-imports-warehouse-or-stats', to: 'src/warehouse/store.ts' },
  'src/graphql/side.ts': { source: `import { http } from '../ingestion/http.js'; export const x = http;`, rule: 'adapter-imports-adapter', to: 'src/ingestion/http.ts' },
  'src/ingestion/bag.ts': { source: `import { services } from '../services.js'; export const x = services;`, rule: 'adapter-imports-entry', to: 'src/services.ts' },
  'src/ingestion/app.ts': { source: `import type { app } from '../app.js'; export type X = typeof app;`, rule: 'adapter-imports-entry-module', to: 'src/app.ts' },
};

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'liftgate-boundaries-'));
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
  const files = { ...ALLOWED, ...Object.fromEntries(Object.entries(VIOLATIONS).map(([f, v]) => [f, v.source])) };
  for (const [file, source] of Object.entries(files)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), `${source}\n`);
  }
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** Runs depcruise with the repository's config in `dir`; the violations it reports. */
async function cruise(): Promise<Violation[]> {
  const bin = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const args = [bin, 'src', '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'json'];
  // depcruise exits non-zero when it finds violations: the JSON report is on stdout either way.
  const { stdout } = await run(process.execPath, args, { cwd: dir, maxBuffer: 16 << 20 }).catch((err: { stdout: string }) => err);
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('dependency-cruiser rules', () => {
  it('report each upward or sideways import under its rule, and nothing else', async () => {
    const found = (await cruise()).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    const expected = Object.entries(VIOLATIONS).map(([from, v]) => `${v.rule}: ${from} → ${v.to}`).sort();
    // npm modules are reported by their resolved path; compare the package name only.
    const normalised = found.map((f) => f.replace(/→ \S*node_modules\/(graphql)\/\S*$/, '→ $1'));
    expect(normalised).toEqual(expected);
  }, 60_000);
});

describe('only src/config/ reads process.env (eslint)', () => {
  const eslint = new ESLint({ cwd: root });
  const lint = async (filePath: string, code: string) =>
    (await eslint.lintText(code, { filePath: join(root, filePath), warnIgnored: false })).flatMap((r) => r.messages.map((m) => m.ruleId));

  it('rejects process.env and the process module outside src/config/', async () => {
    expect(await lint('src/lib/x.ts', 'export const port: string | undefined = process.env.PORT;\n')).toEqual(['no-restricted-properties']);
    expect(await lint('src/domain/x.ts', "const { env } = process;\nexport const e = env;\n")).toEqual(['no-restricted-properties']);
    expect(await lint('src/graphql/x.ts', "import { env } from 'node:process';\nexport const e = env;\n")).toEqual(['no-restricted-imports']);
    expect(await lint('src/app.ts', 'export const e = globalThis.process.env;\n')).toEqual(['no-restricted-syntax']);
  });

  it('lets src/config/ read it, and other modules use process otherwise', async () => {
    expect(await lint('src/config/x.ts', 'export const port = process.env.PORT;\n')).toEqual([]);
    expect(await lint('src/main.ts', "process.on('SIGTERM', () => process.exit(0));\n")).toEqual([]);
  });
});
