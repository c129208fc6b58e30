/** Classification of warehouse failures (src/warehouse/errors.ts) and their one translation for the domain. */
import { describe, expect, it } from 'vitest';
import { WarehouseLimitError, WarehouseUnavailableError } from '../../src/domain/errors.js';
import { fromWarehouseError } from '../../src/domain/warehouse-failure.js';
import { classifyWarehouseError, isWarehouseUnavailable, WarehouseError } from '../../src/warehouse/errors.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('classifyWarehouseError', () => {
  it('reads ClickHouse codes: capacity and network are unavailable, per-query limits are limits, the rest rejected', () => {
    for (const code of ['202', '209', '210', '242', '279', '394']) expect(classifyWarehouseError(withCode(code))).toBe('unavailable');
    for (const code of ['158', '159', '160', '191', '241', '290', '307', '396']) expect(classifyWarehouseError(withCode(code))).toBe('limit');
    // Syntax (a statement past max_query_size too), unknown identifier or table, too big / deep an AST: our defect.
    for (const code of ['60', '62', '47', '27', '36', '167', '168']) expect(classifyWarehouseError(withCode(code))).toBe('rejected');
  });

  it("tells this query's memory limit from the server's total memory (pressure: unavailable)", () => {
    expect(classifyWarehouseError(withCode('241', 'Memory limit (for query) exceeded: would use 9.00 MiB'))).toBe('limit');
    expect(classifyWarehouseError(withCode('241', 'Memory limit (total) exceeded: would use 31.00 GiB'))).toBe('unavailable');
  });

  it('names what a limit failure exceeded; a write hitting one stays retryable', () => {
    const of = (code: string) => new WarehouseError(classifyWarehouseError(withCode(code)), 'f', 'f.1', withCode(code));
    expect(['158', '307', '241', '159', '160'].map((c) => of(c).limit)).toEqual(['rows', 'bytes', 'memory', 'time', 'time']);
    expect(of('210').limit).toBeNull();
    expect(of('62').limit).toBeNull();
    expect(of('241').retryable).toBe(true);
    expect(isWarehouseUnavailable(withCode('158'))).toBe(true);
  });

  it('treats Node network errors and client timeouts as unavailable, anything else as other (still retryable)', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']) expect(classifyWarehouseError(withCode(code))).toBe('unavailable');
    expect(classifyWarehouseError(new Error('Timeout error.'))).toBe('unavailable');
    expect(classifyWarehouseError(new Error('Unexpected end of JSON input'))).toBe('other');
    expect(isWarehouseUnavailable(new Error('Unexpected end of JSON input'))).toBe(true);
    expect(isWarehouseUnavailable(withCode('60'))).toBe(false);
  });

  it('keeps the kind of an already classified error', () => {
    expect(classifyWarehouseError(new WarehouseError('rejected', 'f', 'f.1', withCode('241')))).toBe('rejected');
  });
});

describe('fromWarehouseError', () => {
  it('turns a limit into WarehouseLimitError, another retryable WarehouseError into WarehouseUnavailableError, and leaves the rest alone', () => {
    const down = new WarehouseError('unavailable', 'results.metrics', 'results.metrics.1', withCode('210'));
    const other = new WarehouseError('other', 'results.metrics', 'results.metrics.2', new Error('?'));
    const rejected = new WarehouseError('rejected', 'results.metrics', 'results.metrics.3', withCode('62'));
    expect(fromWarehouseError(down)).toBeInstanceOf(WarehouseUnavailableError);
    expect(fromWarehouseError(other)).toBeInstanceOf(WarehouseUnavailableError);
    expect(fromWarehouseError(rejected)).toBe(rejected);
    // A per-query limit: the warehouse is fine, so WAREHOUSE_LIMIT, never WAREHOUSE_UNAVAILABLE.
    const rows = fromWarehouseError(new WarehouseError('limit', 'results.metrics', 'results.metrics.4', withCode('158', 'Limit for rows to read exceeded')));
    expect(rows).toBeInstanceOf(WarehouseLimitError);
    expect(rows).toMatchObject({ code: 'WAREHOUSE_LIMIT', limit: 'rows' });
    expect((rows as Error).message).not.toMatch(/Limit for rows|158/);
    const time = fromWarehouseError(new WarehouseError('limit', 'results.metrics', 'results.metrics.5', withCode('159')));
    expect(time).toMatchObject({ code: 'WAREHOUSE_LIMIT', limit: 'time' });
    // Not from the warehouse wrapper (a defect of ours): never dressed up as an outage.
    const bug = new TypeError('x is undefined');
    expect(fromWarehouseError(bug)).toBe(bug);
  });
});
