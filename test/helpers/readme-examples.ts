/**
 * The README's runnable examples (issue 13 item 5), in document order: every operation of every
 * ```graphql fence, every ```sh fence whose first line starts with `curl`, and every ```sh fence
 * that runs the fact-table loader (`npm run warehouse:load`). The rule is stated
 * at the top of the README's "Using it" section; `test/integration/readme-examples.test.ts` runs them.
 */
import { Kind, parse, print, visit, type ASTNode, type DocumentNode, type OperationDefinitionNode } from 'graphql';

export type ReadmeExample =
  | { kind: 'graphql'; line: number; document: DocumentNode; operation: OperationDefinitionNode; expected?: unknown }
  | { kind: 'curl'; line: number; command: string; expected?: unknown }
  /** A loader fence: `setup` (the shell lines before the loader, e.g. writing the file), then the load. */
  | { kind: 'load'; line: number; setup: string; env: string; table: string; file: string };

/** `# {…}` comment lines of a fence, by their line in the fence: the documented answers. */
function answers(body: string): Map<number, unknown> {
  const found = new Map<number, unknown>();
  body.split('\n').forEach((text, i) => {
    const m = /^#\s*(\{.*\})\s*$/.exec(text.trim());
    if (m) found.set(i, JSON.parse(m[1]!));
  });
  return found;
}

/** Every runnable example of `readme`, in order. */
export function readmeExamples(readme: string): ReadmeExample[] {
  const examples: ReadmeExample[] = [];
  const fence = /^```(\w+)[^\n]*\n([\s\S]*?)^```/gm;
  for (let m = fence.exec(readme); m; m = fence.exec(readme)) {
    const [, lang, body] = m as unknown as [string, string, string];
    const startLine = readme.slice(0, m.index).split('\n').length + 1;
    const documented = answers(body);
    if (lang === 'graphql') {
      const document = parse(body);
      const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      operations.forEach((operation, i) => {
        const from = operation.loc!.startToken.line - 1;
        const to = i + 1 < operations.length ? operations[i + 1]!.loc!.startToken.line - 1 : Infinity;
        const expected = [...documented].find(([line]) => line > from && line < to)?.[1];
        examples.push({ kind: 'graphql', line: startLine + from, document: { kind: Kind.DOCUMENT, definitions: [operation] }, operation, expected });
      });
    } else if (lang === 'sh' && /^npm run warehouse:load\b/m.test(body)) {
      const lines = body.split('\n');
      const at = lines.findIndex((l) => l.startsWith('npm run warehouse:load'));
      const load = /--env (\S+) --table (\S+) (\S+)/.exec(lines[at]!);
      if (!load) throw new Error(`README.md:${startLine + at}: a loader line must read "npm run warehouse:load -- --env <key> --table <name> <file>"`);
      examples.push({ kind: 'load', line: startLine + at, setup: lines.slice(0, at).join('\n'), env: load[1]!, table: load[2]!, file: load[3]! });
    } else if (lang === 'sh' && body.trimStart().startsWith('curl')) {
      const command = body.split('\n').filter((l) => !l.trim().startsWith('#')).join('\n').trim();
      examples.push({ kind: 'curl', line: startLine, command, expected: [...documented.values()][0] });
    }
  }
  return examples;
}

const PLACEHOLDER = '…';
/** Global-id type named by an id argument, or null when `name` is no id argument. */
function placeholderType(name: string, field: string | undefined, entityType: string | undefined): string | null {
  if (name === 'experimentId') return 'Experiment';
  if (name === 'metricId') return 'Metric';
  if (name === 'factTableId') return 'FactTable';
  if (name === 'entityId') return { EXPERIMENT: 'Experiment', METRIC: 'Metric', API_TOKEN: 'ApiToken', ANOMALY_SIGNAL: 'AnomalySignal' }[entityType ?? ''] ?? null;
  if (name === 'id' && field) {
    const noun = /^(?:update|delete|revoke|acknowledge|archive)([A-Z]\w*)$/.exec(field)?.[1];
    if (noun === 'Anomaly') return 'AnomalySignal';
    return noun ?? null;
  }
  return null;
}

/** The types whose `"…"` ids `document` needs, in order. */
export function placeholderTypes(document: DocumentNode): string[] {
  const types: string[] = [];
  substitutePlaceholders(document, (type) => {
    types.push(type);
    return 'x';
  });
  return types;
}

/** `document` with every `"…"` id replaced by `idOf(type)`; throws for a `"…"` it cannot type. */
export function substitutePlaceholders(document: DocumentNode, idOf: (type: string) => string): string {
  const replaced = visit(document, {
    enter(node, _key, _parent, _path, ancestors) {
      if ((node.kind !== Kind.ARGUMENT && node.kind !== Kind.OBJECT_FIELD) || node.value.kind !== Kind.STRING || node.value.value !== PLACEHOLDER) return undefined;
      const chain = ancestors as readonly (ASTNode | readonly ASTNode[])[];
      const field = [...chain].reverse().find((a): a is Extract<ASTNode, { kind: Kind.FIELD }> => !Array.isArray(a) && (a as ASTNode).kind === Kind.FIELD);
      const entityType = field?.arguments?.find((a) => a.name.value === 'entityType');
      const type = placeholderType(node.name.value, field?.name.value, entityType?.value.kind === Kind.ENUM ? entityType.value.value : undefined);
      if (!type) throw new Error(`cannot tell which object "…" names in argument ${node.name.value}`);
      return { ...node, value: { kind: Kind.STRING, value: idOf(type) } };
    },
  });
  return print(replaced);
}

/** Ids in an answer: `id` fields are pushed as created/seen, `deletedId` ones removed. */
export class IdRegistry {
  private readonly byType = new Map<string, string[]>();

  record(value: unknown): void {
    if (Array.isArray(value)) value.forEach((v) => this.record(v));
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if ((key === 'id' || key === 'deletedId') && typeof v === 'string') this.note(v, key === 'deletedId');
        else this.record(v);
      }
    }
  }

  private note(id: string, deleted: boolean): void {
    const type = Buffer.from(id, 'base64').toString('utf8').split(':')[0];
    if (!type) return;
    const list = (this.byType.get(type) ?? []).filter((x) => x !== id);
    if (!deleted) list.push(id);
    this.byType.set(type, list);
  }

  latest(type: string): string | undefined {
    return this.byType.get(type)?.at(-1);
  }
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
/** Where `actual` differs from the documented `expected` (every key of expected; date-times by format). */
export function answerMismatches(expected: unknown, actual: unknown, path = '$'): string[] {
  if (typeof expected === 'string' && ISO.test(expected)) return typeof actual === 'string' && ISO.test(actual) ? [] : [`${path}: a date-time, got ${JSON.stringify(actual)}`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${path}: ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
    return expected.flatMap((e, i) => answerMismatches(e, actual[i], `${path}[${i}]`));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return [`${path}: an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([k, e]) => answerMismatches(e, (actual as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return Object.is(expected, actual) ? [] : [`${path}: ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

/** Payload `errors` lists that are not empty, anywhere in `data`. */
export function userErrors(data: unknown): unknown[] {
  if (Array.isArray(data)) return data.flatMap(userErrors);
  if (!data || typeof data !== 'object') return [];
  return Object.entries(data).flatMap(([k, v]) => (k === 'errors' && Array.isArray(v) ? v : userErrors(v)));
}
