/**
 * The fact-table sandbox (design §1 fact 5, issue 11): how user SQL reaches the warehouse.
 *
 * What user SQL can see: its environment's own warehouse database (`environmentDatabase`, where
 * operators load fact tables) and `events`, which is the environment's own deduplicated events
 * (a CTE over `<main database>.events FINAL WHERE environment_id = {env}` that the gateway puts
 * around every statement; the user's SQL never scopes it). Nothing else.
 *
 * How that is enforced, in order:
 * 1. The engine formats the text (`formatQuerySingleLine`, the text bound as a parameter so nothing
 *    runs): it refuses several statements and drops comments. Only the formatted text is ever
 *    run, so comment and quoting tricks reach the engine as the engine itself printed them.
 * 2. The engine parses it (`EXPLAIN AST`) and `inspectAst` walks the tree: one SELECT (CTEs, joins,
 *    subqueries, UNION inside it are fine) with no SETTINGS, FORMAT or INTO OUTFILE; no table
 *    function; no table outside the environment's database (a qualified name must name that
 *    database; an unqualified one resolves there or to a CTE, `events` included); no expression
 *    reaching another database (`x IN system.users`, `db.t.col`); no function that reads outside
 *    the query (`file`, `dictGet*`, `joinGet*`, `hasColumnInTable`, settings and server
 *    introspection). Each refusal says why (`UnsafeSqlError.reasons`). Parsing is the engine's,
 *    never a regex over the user's text.
 * 3. It runs as a subquery in the environment's locked session: `USE <environment database>`, the
 *    limits (`max_execution_time`, `max_result_rows`, `max_rows_to_read`, `max_memory_usage`,
 *    per environment), then `readonly=1`, after which the session can neither write, read files
 *    through table functions, nor change a setting (a SETTINGS clause that changes a value fails).
 *    On a ClickHouse server the same settings travel with every request of the environment's
 *    client (readonly last), which the server applies before the statement.
 *
 * Steps 1–2 run on the shared session (they parse, never execute, the user's text); step 3 is the
 * only place user SQL executes.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { type QueryOptions, type WarehouseQueries } from './query.js';
import { identifier, param, sql, trusted, type Param, type Sql } from './sql.js';
import { WarehouseError } from './errors.js';
import { environmentEvents } from './sql/events-source.js';

/** Query families of the sandbox. */
export const SANDBOX_FAMILIES = {
  /** Formatting and parsing user SQL (never executes it). */
  parse: 'facts.parse',
  /** Column names and types of a fact table's SELECT (DESCRIBE). */
  describe: 'facts.describe',
  /** Sample rows of a fact table's SELECT. */
  preview: 'facts.preview',
  /** Creating an environment's warehouse database. */
  setup: 'facts.setup',
} as const;

/** Limits of the locked session (see config/env.ts FactLimits). */
export interface SandboxLimits {
  maxExecutionSeconds: number;
  maxResultRows: number;
  maxRowsToRead: number;
  maxMemoryBytes: number;
}

/** The settings of an environment's locked session, in the order they are set (readonly last). */
export function sandboxSettings(limits: SandboxLimits): [string, number][] {
  return [
    ['max_execution_time', limits.maxExecutionSeconds],
    ['max_result_rows', limits.maxResultRows],
    ['max_rows_to_read', limits.maxRowsToRead],
    ['max_memory_usage', limits.maxMemoryBytes],
    // What environmentEvents asks of FINAL: the same value, so its SETTINGS clause is no change.
    ['do_not_merge_across_partitions_select_final', 1],
    ['join_use_nulls', 0],
    // The results query with FACT metrics runs here: room for every fact table's SQL at its length
    // bound (domain/fact-table/rules.ts) and the expanded tree of many metrics (readers/results.ts).
    ['max_query_size', 16 * 1024 * 1024],
    ['max_expanded_ast_elements', 5_000_000],
    ['readonly', 1],
  ];
}

/** The warehouse database of an environment's own tables: `<main>_env_<id without dashes>`. */
export function environmentDatabase(mainDatabase: string, environmentId: string): string {
  const id = environmentId.toLowerCase().replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/.test(id)) throw new TypeError(`sandbox: malformed environment id ${JSON.stringify(environmentId)}`);
  return `${mainDatabase}_env_${id}`;
}

/** User SQL refused before it ran: every reason, in the order found (shown to the user). */
export class UnsafeSqlError extends Error {
  constructor(readonly reasons: string[]) {
    super(reasons.join('; '));
    this.name = 'UnsafeSqlError';
  }
}

/** User SQL the engine refused while analysing it (unknown column, type error): a cleaned message. */
export class SqlRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlRejectedError';
  }
}

/** A SELECT that passed `check`: the engine's own formatting of it (the only form ever run). */
export interface CheckedSelect {
  readonly text: string;
}

/** A row-filter expression that passed `checkFilter` (engine-formatted, one boolean expression). */
export interface CheckedFilter {
  readonly text: string;
}

/** Who a sandboxed statement runs for. */
export interface SandboxScope {
  environmentId: string;
  environmentKey: string;
}

/** A column of a fact table's SELECT: its name and the engine's type. */
export interface DescribedColumn {
  name: string;
  type: string;
}

/** Table functions and functions that read outside the query (refused wherever they appear). */
const DENIED_FUNCTIONS = new Set(
  [
    'file', 'url', 's3', 's3cluster', 'remote', 'remotesecure', 'cluster', 'clusterallreplicas', 'input', 'executable',
    'jdbc', 'odbc', 'mysql', 'postgresql', 'sqlite', 'mongodb', 'redis', 'hdfs', 'hdfscluster', 'azureblobstorage',
    'azureblobstoragecluster', 'gcs', 'deltalake', 'iceberg', 'hudi', 'merge', 'dictionary', 'view', 'viewifpermitted',
    'urlcluster', 'filecluster', 'format', 'loop', 'joinget', 'joingetornull', 'hascolumnintable', 'getsetting',
    'getsettingordefault', 'getserversetting', 'getmergetreesetting', 'getmacro', 'getclienthttpheader', 'hostname',
    'fqdn', 'serveruuid', 'currentprofiles', 'currentroles', 'enabledprofiles', 'enabledroles', 'defaultprofiles',
    'defaultroles', 'currentuser', 'user', 'filesystemavailable', 'filesystemcapacity', 'filesystemunreserved',
    'tcpport', 'getserverport', 'uptime', 'buildid', 'getoskernelversion', 'globalvariable', 'sleep', 'sleepeachrow',
    'catboostevaluate', 'modelevaluate', 'initialqueryid', 'queryid', 'addresstoline', 'addresstolinewithinlines',
    'addresstosymbol', 'demangle', 'transactionid', 'transactionlatestsnapshot', 'transactionoldestsnapshot',
    'zookeepersessionuptime', 'connectionid', 'shardnum', 'shardcount', 'displayname', 'currentdatabase',
  ],
);

/** Databases no user SQL may name, whatever exists. */
const SYSTEM_DATABASES = ['system', 'information_schema', 'INFORMATION_SCHEMA'];

/** One line of `EXPLAIN AST`: depth (indentation), node kind, its text, its alias. */
interface AstNode {
  depth: number;
  kind: string;
  text: string;
}

/** Parses `EXPLAIN AST` output lines (the engine's, one node per line, children indented by one). */
function astNodes(lines: string[]): AstNode[] {
  return lines
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const depth = line.length - line.trimStart().length;
      const body = line
        .trim()
        .replace(/ \(children \d+\)$/, '')
        .replace(/ \(alias [^)]*\)$/, '');
      const space = body.indexOf(' ');
      return space < 0 ? { depth, kind: body, text: '' } : { depth, kind: body.slice(0, space), text: body.slice(space + 1).trim() };
    });
}

/**
 * The reasons a parsed statement breaks the sandbox's rules (empty = allowed). `envDatabase` is
 * the only database a qualified name may name; `databases` every database that exists (an
 * expression qualified by one of them reads another database). Pure: unit-testable on AST text.
 */
export function inspectAst(lines: string[], envDatabase: string, databases: readonly string[]): string[] {
  const nodes = astNodes(lines);
  const reasons = new Set<string>();
  const root = nodes[0];
  if (!root || (root.kind !== 'SelectWithUnionQuery' && root.kind !== 'SelectIntersectExceptQuery')) {
    return [`only a SELECT is allowed (found ${root ? root.kind.replace(/Query$/, '').toUpperCase() || 'nothing' : 'nothing'})`];
  }
  // The root's own children: one ExpressionList (the selects); anything more is FORMAT or INTO OUTFILE.
  const rootChildren = nodes.filter((n) => n.depth === root.depth + 1);
  if (rootChildren.length !== 1) reasons.add('FORMAT and INTO OUTFILE are not allowed (the gateway chooses the output)');
  const foreign = new Set(
    [...databases, ...SYSTEM_DATABASES].filter((d) => d !== envDatabase).map((d) => d.toLowerCase()),
  );
  nodes.forEach((node, i) => {
    const parent = [...nodes.slice(0, i)].reverse().find((p) => p.depth < node.depth);
    switch (node.kind) {
      case 'Set':
      case 'SetQuery':
        reasons.add('SETTINGS are not allowed (the sandbox sets the limits)');
        break;
      case 'QueryParameter':
        reasons.add('query parameters ({name:Type}) are not allowed');
        break;
      case 'TableIdentifier': {
        const dot = node.text.indexOf('.');
        if (dot >= 0 && node.text.slice(0, dot) !== envDatabase) {
          reasons.add(`table ${node.text} is outside the environment's database (use unqualified names: the environment's tables and events)`);
        }
        break;
      }
      case 'Identifier': {
        const dot = node.text.indexOf('.');
        if (dot >= 0 && foreign.has(node.text.slice(0, dot).toLowerCase())) {
          reasons.add(`${node.text} reads another database`);
        }
        break;
      }
      case 'Function': {
        const name = node.text.toLowerCase();
        if (parent?.kind === 'TableExpression') reasons.add(`table function ${node.text} is not allowed`);
        else if (DENIED_FUNCTIONS.has(name) || name.startsWith('dict')) reasons.add(`function ${node.text} is not allowed`);
        break;
      }
      default:
        if (/Query$/.test(node.kind) && !['SelectQuery', 'SelectWithUnionQuery', 'SelectIntersectExceptQuery', 'TablesInSelectQuery'].includes(node.kind)) {
          reasons.add(`only SELECT is allowed (found ${node.kind})`);
        }
    }
  });
  return [...reasons];
}

/** The alias and source name row filters are checked under (see `checkFilter`). */
const FILTER_ALIAS = '__liftgate_filter';
const FILTER_SOURCE = '__liftgate_fact';

export type Sandbox = ReturnType<typeof createSandbox>;

/**
 * The sandbox over the application's warehouse. `openSession(database, settings)` opens an
 * environment's locked session (warehouse/client.ts); `limitsFor(key)` gives an environment's limits.
 */
export function createSandbox(deps: {
  queries: WarehouseQueries;
  mainDatabase: string;
  /** The database holding `events` (the main session's current database). */
  eventsDatabase: string;
  openSession: (database: string, settings: [string, number][]) => Promise<ClickHouseClient>;
  limitsFor: (environmentKey: string) => SandboxLimits;
}) {
  const { queries, mainDatabase, eventsDatabase } = deps;
  const sessions = new Map<string, Promise<ClickHouseClient>>();
  const ensured = new Set<string>();

  /** Creates the environment's database when absent (idempotent). */
  async function ensureDatabase(environmentId: string): Promise<string> {
    const db = environmentDatabase(mainDatabase, environmentId);
    if (!ensured.has(db)) {
      await queries.command(SANDBOX_FAMILIES.setup, sql`CREATE DATABASE IF NOT EXISTS ${identifier(db)}`);
      ensured.add(db);
    }
    return db;
  }

  /** The environment's locked session, opened once per process. */
  async function session(scope: SandboxScope): Promise<ClickHouseClient> {
    let open = sessions.get(scope.environmentId);
    if (!open) {
      open = ensureDatabase(scope.environmentId).then((db) => deps.openSession(db, sandboxSettings(deps.limitsFor(scope.environmentKey))));
      sessions.set(scope.environmentId, open);
      open.catch(() => sessions.delete(scope.environmentId));
    }
    return open;
  }

  /** The engine's one-line formatting of `text`; UnsafeSqlError when it is not exactly one statement. */
  async function format(text: string): Promise<string> {
    try {
      const [row] = await queries.query<{ q: string }>(SANDBOX_FAMILIES.parse, sql`SELECT formatQuerySingleLine(${param(text, 'String', 'q')}) AS q`);
      return row!.q;
    } catch (err) {
      throw new UnsafeSqlError([`the SQL does not parse as one statement: ${cleanEngineMessage(err, [])}`]);
    }
  }

  /** The `EXPLAIN AST` lines of formatted text (one statement, so nothing else runs). */
  async function explain(formatted: string): Promise<string[]> {
    try {
      // As a subquery, so the FORMAT the client appends belongs to the outer SELECT, not to the explained statement.
      const rows = await queries.query<{ explain: string }>(SANDBOX_FAMILIES.parse, sql`SELECT explain FROM (EXPLAIN AST ${trusted(formatted)})`, { bare: true });
      return rows.map((r) => r.explain);
    } catch (err) {
      throw new UnsafeSqlError([`the SQL does not parse: ${cleanEngineMessage(err, [])}`]);
    }
  }

  async function databases(): Promise<string[]> {
    const rows = await queries.query<{ name: string }>(SANDBOX_FAMILIES.parse, sql`SELECT name FROM system.databases`);
    return rows.map((r) => r.name);
  }

  /** The environment's events as user SQL sees them (`events`): its own rows only, deduplicated. */
  function eventsCte(env: Param): Sql {
    return sql`events AS (
      SELECT event_id, event, feature_name, identifier, value, value_number, traits, metadata, timestamp, received_at
      FROM ${environmentEvents(env, eventsDatabase)}
    )`;
  }

  /** Runs `statement` (which may use `events` and checked selects) in the scope's locked session. */
  async function run<T>(scope: SandboxScope, family: string, statement: Sql): Promise<T[]> {
    const client = await session(scope);
    const options: QueryOptions = { session: client };
    try {
      return await queries.query<T>(family, statement, options);
    } catch (err) {
      if (err instanceof WarehouseError && err.kind === 'rejected') {
        throw new SqlRejectedError(cleanEngineMessage(err, [eventsDatabase, mainDatabase, environmentDatabase(mainDatabase, scope.environmentId)]));
      }
      throw err;
    }
  }

  const wrap = (scope: SandboxScope, select: CheckedSelect) =>
    sql`WITH ${eventsCte(param(scope.environmentId, 'String', 'env'))} SELECT * FROM (${trusted(select.text)})`;

  return {
    /** The database of `events` (and of the gateway's own tables). */
    eventsDatabase,
    ensureDatabase,
    /** The environment's locked session (for statements built around checked selects, e.g. results). */
    session,

    /** The CTE that makes `events` mean the environment's events (put first in the WITH of any statement embedding checked selects). */
    eventsCte,

    /**
     * Checks user SQL against the rules (see the file header); returns the engine-formatted SELECT.
     * Throws UnsafeSqlError with every reason.
     */
    async check(scope: SandboxScope, text: string): Promise<CheckedSelect> {
      const formatted = await format(text);
      const envDb = environmentDatabase(mainDatabase, scope.environmentId);
      const reasons = inspectAst(await explain(formatted), envDb, await databases());
      if (reasons.length) throw new UnsafeSqlError(reasons);
      return { text: formatted };
    },

    /**
     * Checks a row filter: one expression (no subquery, no table, no SETTINGS, the same function
     * rules) over a fact table's columns. Returns it engine-formatted. Throws UnsafeSqlError.
     */
    async checkFilter(scope: SandboxScope, expression: string): Promise<CheckedFilter> {
      const formatted = await format(`SELECT (${expression}) AS ${FILTER_ALIAS} FROM ${FILTER_SOURCE}`);
      const prefix = 'SELECT ';
      const suffix = ` AS ${FILTER_ALIAS} FROM ${FILTER_SOURCE}`;
      const lines = await explain(formatted);
      const envDb = environmentDatabase(mainDatabase, scope.environmentId);
      const reasons = inspectAst(lines, envDb, await databases());
      const nodes = astNodes(lines);
      if (nodes.some((n) => n.kind === 'Subquery' || n.kind === 'SelectQuery' && n.depth > 2)) reasons.push('a row filter may not hold a subquery');
      if (nodes.filter((n) => n.kind === 'SelectQuery').length !== 1) reasons.push('a row filter is one expression, not a query');
      const tables = nodes.filter((n) => n.kind === 'TableIdentifier');
      if (tables.length !== 1 || tables[0]!.text !== FILTER_SOURCE) reasons.push('a row filter may not read tables');
      if (projectionCount(nodes) !== 1) reasons.push('a row filter is one expression');
      if (reasons.length || !formatted.startsWith(prefix) || !formatted.endsWith(suffix)) {
        throw new UnsafeSqlError(reasons.length ? reasons : ['a row filter is one boolean expression over the fact table\'s columns']);
      }
      return { text: formatted.slice(prefix.length, formatted.length - suffix.length) };
    },

    /** Names and engine types of a checked SELECT's columns (DESCRIBE: analysed, not executed). */
    async describe(scope: SandboxScope, select: CheckedSelect): Promise<DescribedColumn[]> {
      const rows = await run<{ name: string; type: string }>(scope, SANDBOX_FAMILIES.describe, sql`DESCRIBE TABLE (${wrap(scope, select)})`);
      return rows.map((r) => ({ name: r.name, type: r.type }));
    },

    /** The engine type of each filter over the SELECT's rows (must be boolean-like), by position. */
    async describeFilters(scope: SandboxScope, select: CheckedSelect, filters: CheckedFilter[]): Promise<string[]> {
      if (filters.length === 0) return [];
      const columns = filters.map((f, i) => sql`(${trusted(f.text)}) AS ${trusted(`f${i}`)}`);
      const rows = await run<{ name: string; type: string }>(
        scope,
        SANDBOX_FAMILIES.describe,
        sql`DESCRIBE TABLE (WITH ${eventsCte(param(scope.environmentId, 'String', 'env'))} SELECT ${joinSql(columns)} FROM (${trusted(select.text)}))`,
      );
      return rows.map((r) => r.type);
    },

    /** Up to `limit` rows of a checked SELECT (JSON objects keyed by column name). */
    async preview(scope: SandboxScope, select: CheckedSelect, limit: number): Promise<Record<string, unknown>[]> {
      return run<Record<string, unknown>>(scope, SANDBOX_FAMILIES.preview, sql`${wrap(scope, select)} LIMIT ${param(limit, 'UInt32', 'limit')}`);
    },

    /** Runs a statement embedding checked selects in the scope's locked session (results). */
    run,

    /** Closes every locked session (the caller drains running queries first). */
    async close(): Promise<void> {
      const open = [...sessions.values()];
      sessions.clear();
      for (const s of open) await s.then((c) => c.close()).catch(() => undefined);
    },
  };
}

/**
 * Which sandbox limit a `limit` failure passed, from the engine's message (its codes do not tell
 * result rows from rows read): max_execution_time, max_result_rows, max_rows_to_read or max_memory_usage.
 */
export function sandboxLimitOf(err: WarehouseError): string {
  const message = err.cause instanceof Error ? err.cause.message : String(err.cause);
  if (err.limit === 'time') return 'max_execution_time';
  if (err.limit === 'memory') return 'max_memory_usage';
  if (/result/i.test(message)) return 'max_result_rows';
  return 'max_rows_to_read';
}

/** How many expressions the first SELECT's select list holds. */
function projectionCount(nodes: AstNode[]): number {
  const s = nodes.findIndex((n) => n.kind === 'SelectQuery');
  const list = nodes[s + 1];
  if (s < 0 || !list || list.kind !== 'ExpressionList') return 0;
  let count = 0;
  for (const n of nodes.slice(s + 2)) {
    if (n.depth <= list.depth) break;
    if (n.depth === list.depth + 1) count++;
  }
  return count;
}

function joinSql(parts: Sql[]): Sql {
  return parts.reduce((acc, p, i) => (i === 0 ? p : sql`${acc}, ${p}`), sql``);
}

/**
 * The engine's message, fit for the user: the exception text only (no code, version, stack or
 * the statement's scope, which would show the gateway's wrapper); any mention of the gateway's
 * databases replaced.
 */
export function cleanEngineMessage(err: unknown, hidden: string[]): string {
  const cause = err instanceof WarehouseError ? err.cause : err;
  let message = cause instanceof Error ? cause.message : String(cause);
  message = message.replace(/^[\s\S]*?DB::Exception: /, '');
  message = message.split(/: In scope |: while |\. In scope | In scope |\(version |: While |\. Stack trace/)[0]!;
  message = message.replace(/\s*\([A-Z_]+\)\s*$/, '').trim();
  for (const h of hidden) message = message.split(h).join('<hidden>');
  if (/environment_id|formatQuerySingleLine|<hidden>/.test(message)) return 'the warehouse refused the statement';
  return message.slice(0, 300) || 'the warehouse refused the statement';
}

