/**
 * The fact part of the results query (src/warehouse/sql/fact-metrics.sql.ts) and the sandbox's
 * pure pieces: each fact table is read once however many metrics and operands use it; row filters
 * become bits of one per-row mask (conditional aggregation, one pass); columns are spliced as
 * quoted identifiers; `inspectAst` refuses what the engine's parse tree shows; column buckets.
 */
import { describe, expect, it } from 'vitest';
import { columnBucket, isBooleanType } from '../../src/domain/fact-table/definition.js';
import { inspectAst } from '../../src/warehouse/sandbox.js';
import { buildResultsQuery } from '../../src/warehouse/sql/results.sql.js';
import type { FactMetricInput, FactTableSourceInput, ResultsQueryInput } from '../../src/warehouse/sql/results-input.js';

const orders: FactTableSourceInput = { id: 'o', sql: 'SELECT user_id, amount, status, ts FROM orders', identifierColumn: 'user_id', timestampColumn: 'ts' };
const sessions: FactTableSourceInput = { id: 's', sql: 'SELECT user_id, ts FROM sessions', identifierColumn: 'user_id', timestampColumn: 'ts' };
const fact = (metricId: string, numerator: FactMetricInput['numerator'], denominator?: FactMetricInput['denominator']): FactMetricInput => ({
  source: 'fact', metricId, windowHours: 24, numerator, ...(denominator ? { denominator } : {}),
});

const input: ResultsQueryInput = {
  environmentId: 'env-1',
  exposureEvent: '$flag_exposure',
  featureName: 'checkout',
  variantKeys: ['CONTROL', 'TREATMENT'],
  metrics: [
    fact('count', { table: orders, aggregation: 'COUNT', column: null, filters: [] }),
    fact('sum', { table: orders, aggregation: 'SUM', column: 'amount', filters: ["(status = 'done')"] }),
    fact('mean', { table: orders, aggregation: 'MEAN', column: 'amount', filters: [] }),
    fact('ratio', { table: orders, aggregation: 'SUM', column: 'amount', filters: [] }, { table: sessions, aggregation: 'COUNT', column: null, filters: [] }),
  ],
  eventsDatabase: 'default',
};

describe('fact metrics in the results query', () => {
  const { query, params } = buildResultsQuery(input);

  it('reads each fact table once, however many metrics and operands use it', () => {
    expect(query.split(orders.sql).length - 1).toBe(1);
    expect(query.split(sessions.sql).length - 1).toBe(1);
    expect(query).toContain('fact_0 AS');
    expect(query).toContain('fact_1 AS');
    expect(query.match(/LEFT JOIN fact_\d/g)).toEqual(['LEFT JOIN fact_0', 'LEFT JOIN fact_1']);
  });

  it('turns row filters into bits of one per-row mask and sums values once per column', () => {
    expect(query).toContain("bitShiftLeft(toUInt64(ifNull(((status = 'done')), 0)), 1)");
    expect(query.match(/AS v\d/g)).toEqual(['AS v0']);
    expect(query).toContain('INNER JOIN exposed_first AS s ON s.subject = f.subject');
    expect(query).toMatch(/m3_y|sum_xy/);
    expect(params).toMatchObject({ m0_fact_window_ms: 24 * 3_600_000 });
  });

  it('reads events from the named database (the sandbox session\'s default database is the environment\'s)', () => {
    expect(query).toContain('FROM `default`.events FINAL');
  });
});

describe('inspectAst', () => {
  const env = 'lg_env_1';
  const ast = (lines: string) => lines.split('\n');
  it('allows one SELECT over unqualified or environment-qualified tables', () => {
    expect(inspectAst(ast(`SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Identifier o.user_id
   TablesInSelectQuery (children 2)
    TablesInSelectQueryElement (children 1)
     TableExpression (children 1)
      TableIdentifier orders (alias o)
    TablesInSelectQueryElement (children 1)
     TableExpression (children 1)
      TableIdentifier lg_env_1.sessions`), env, ['default', 'system', env])).toEqual([]);
  });
  it('refuses table functions, other databases, SETTINGS, FORMAT and denied functions', () => {
    const reasons = inspectAst(ast(`SelectWithUnionQuery (children 2)
 ExpressionList (children 1)
  SelectQuery (children 3)
   ExpressionList (children 2)
    Function file (children 1)
     ExpressionList (children 1)
      Literal 'x'
    Function in (children 1)
     ExpressionList (children 2)
      Literal UInt64_1
      Identifier default.events
   TablesInSelectQuery (children 1)
    TablesInSelectQueryElement (children 1)
     TableExpression (children 1)
      Function url (children 1)
   Set
 Identifier JSON`), env, ['default', 'system', env]);
    expect(reasons).toEqual([
      'FORMAT and INTO OUTFILE are not allowed (the gateway chooses the output)',
      'function file is not allowed',
      'default.events reads another database',
      'table function url is not allowed',
      'SETTINGS are not allowed (the sandbox sets the limits)',
    ]);
  });
  it('refuses anything but a SELECT', () => {
    expect(inspectAst(['InsertQuery   (children 2)', ' Identifier t'], env, [])).toEqual(['only a SELECT is allowed (found INSERT)']);
  });
});

describe('column buckets', () => {
  it.each([
    ['Nullable(Float64)', 'NUMBER'], ['UInt8', 'NUMBER'], ['Decimal(18, 2)', 'NUMBER'], ['LowCardinality(Nullable(String))', 'STRING'],
    ['Bool', 'BOOLEAN'], ["DateTime64(3, 'UTC')", 'TIMESTAMP'], ['Date32', 'TIMESTAMP'], ['UUID', 'STRING'], ['Array(String)', 'STRING'],
  ])('%s → %s', (type, bucket) => expect(columnBucket(type)).toBe(bucket));
  it('knows boolean filter types', () => {
    expect(['UInt8', 'Bool', 'Nullable(UInt8)'].every(isBooleanType)).toBe(true);
    expect(['Float64', 'String', 'UInt16'].some(isBooleanType)).toBe(false);
  });
});
