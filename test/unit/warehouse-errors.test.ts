/** Classification of warehouse failures (src/warehouse/errors.ts) and their one translation for the domain. */
import { describe, expect, it } from 'vitest';
import { WarehouseUnavailableError } from '../../src/domain/errors.js';
import { fromWarehouseError } from '../../src/domain/warehouse-failure.js';
import { classifyWarehouseError, isWarehouseUnavailable, WarehouseError } from '../../src/warehouse/errors.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('classifyWarehouseError', () => {
  it('reads ClickHouse codes: capacity, timeouts and network are unavailable; the rest rejected', () => {
    for (const code of ['159', '202', '209', '210', '241', '242', '279', '394']) expect(classifyWarehouseError(withCode(code))).toBe('unavailable');
    for (const code of ['60', '62', '47', '27', '36']) expect(classifyWarehouseError(withCode(code))).toBe('rejected');
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
  it('turns a retryable WarehouseError into WarehouseUnavailableError and leaves the rest alone', () => {
    const down = new WarehouseError('unavailable', 'results.metrics', 'results.metrics.1', withCode('210'));
    const other = new WarehouseError('other', 'results.metrics', 'results.metrics.2', new Error('?'));
    const rejected = new WarehouseError('rejected', 'results.metrics', 'results.metrics.3', withCode('62'));
    expect(fromWarehouseError(down)).toBeInstanceOf(WarehouseUnavailableError);
    expect(fromWarehouseError(other)).toBeInstanceOf(WarehouseUnavailableError);
    expect(fromWarehouseError(rejected)).toBe(rejected);
    // Not from the warehouse wrapper (a defect of ours): never dressed up as an outage.
    const bug = new TypeError('x is undefined');
    expect(fromWarehouseError(bug)).toBe(bug);
  });
});
