/**
 * The sql`` builder (src/warehouse/sql.ts): values are bound as {name:Type} parameters with their
 * type inferred or given, fragments compose with unique parameter names, and only identifiers and
 * code-owned text are spliced. Rendering is pure. (The rendered queries run on chDB in
 * test/integration/warehouse-queries.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { empty, identifier, join, param, render, sql, trusted } from '../../src/warehouse/sql.js';
import { settingsClause } from '../../src/warehouse/query.js';

describe('sql``', () => {
  it('binds interpolated values as {pN:Type} parameters, never as text', () => {
    const hostile = "x'); DROP TABLE events; --";
    const { query, params } = render(sql`SELECT * FROM events WHERE event = ${hostile} AND n > ${3} AND x < ${2.5}`);
    expect(query).toBe('SELECT * FROM events WHERE event = {p0:String} AND n > {p1:Int64} AND x < {p2:Float64}');
    expect(params).toEqual({ p0: hostile, p1: 3, p2: 2.5 });
  });

  it('infers String, Int64, Float64, Bool, Int64 for bigint and Array(T) for non-empty arrays', () => {
    const { query, params } = render(sql`${'a'} ${1} ${1.5} ${true} ${10n} ${['a', 'b']} ${[1, 2]} ${[1, 2.5]}`);
    expect(query).toBe('{p0:String} {p1:Int64} {p2:Float64} {p3:Bool} {p4:Int64} {p5:Array(String)} {p6:Array(Int64)} {p7:Array(Float64)}');
    expect(params).toEqual({ p0: 'a', p1: 1, p2: 1.5, p3: true, p4: 10n, p5: ['a', 'b'], p6: [1, 2], p7: [1, 2.5] });
  });

  it('refuses to guess: null, empty arrays, mixed arrays, objects, dates and non-finite numbers need param(value, type)', () => {
    for (const value of [null, undefined, [], ['a', 1], { a: 1 }, new Date(0), Number.NaN, Infinity]) {
      expect(() => sql`${value}`).toThrow(TypeError);
    }
  });

  it('takes an explicit type and a name hint from param()', () => {
    const { query, params } = render(sql`x IN ${param([], 'Array(String)', 'keys')} AND y = ${param(null, 'Nullable(UInt64)')}`);
    expect(query).toBe('x IN {keys:Array(String)} AND y = {p0:Nullable(UInt64)}');
    expect(params).toEqual({ keys: [], p0: null });
  });

  it('rejects a malformed type or name hint (they are spliced into the placeholder)', () => {
    expect(() => param('a', 'String}; DROP')).toThrow(TypeError);
    expect(() => param('a', 'String', 'a b')).toThrow(TypeError);
    expect(() => param('a', 'String', 'x:String}')).toThrow(TypeError);
  });

  it('composes fragments: nested parameters are merged and renumbered in order of appearance', () => {
    const where = sql`env = ${'e1'} AND event = ${'purchase'}`;
    const { query, params } = render(sql`SELECT count() FROM events WHERE ${where} AND n > ${5}`);
    expect(query).toBe('SELECT count() FROM events WHERE env = {p0:String} AND event = {p1:String} AND n > {p2:Int64}');
    expect(params).toEqual({ p0: 'e1', p1: 'purchase', p2: 5 });
  });

  it('keeps names unique when the same fragment or the same hint appears twice', () => {
    const a = sql`a = ${param(1, 'UInt8', 'v')}`;
    const b = sql`b = ${param(2, 'UInt8', 'v')}`;
    const { query, params } = render(sql`${a} OR ${b} OR ${sql`c = ${'x'}`} OR ${sql`d = ${'y'}`}`);
    expect(query).toBe('a = {v:UInt8} OR b = {v_1:UInt8} OR c = {p0:String} OR d = {p1:String}');
    expect(params).toEqual({ v: 1, v_1: 2, p0: 'x', p1: 'y' });
  });

  it('binds one param object used in several places once', () => {
    const env = param('e1', 'String', 'env');
    const { query, params } = render(sql`SELECT 1 FROM a WHERE env = ${env} UNION ALL SELECT 2 FROM b WHERE env = ${env}`);
    expect(query).toBe('SELECT 1 FROM a WHERE env = {env:String} UNION ALL SELECT 2 FROM b WHERE env = {env:String}');
    expect(params).toEqual({ env: 'e1' });
  });

  it('does not let a hint collide with a generated name', () => {
    const { query, params } = render(sql`${'a'} ${param('b', 'String', 'p0')}`);
    expect(query).toBe('{p0:String} {p0_1:String}');
    expect(params).toEqual({ p0: 'a', p0_1: 'b' });
  });

  it('splices identifiers back-quoted and only when plain', () => {
    expect(render(sql`SELECT ${identifier('event_id')} FROM ${identifier('events')}`).query).toBe('SELECT `event_id` FROM `events`');
    for (const bad of ['', 'a b', 'a`b', 'x; DROP', '1abc', 'db.table']) expect(() => identifier(bad)).toThrow(TypeError);
  });

  it('splices trusted text as is, joins fragments with a separator, and has an empty fragment', () => {
    const columns = join([sql`count() AS ${trusted('m0_n')}`, sql`sumIf(x, y = ${1}) AS ${trusted('m0_sum')}`]);
    expect(render(sql`SELECT ${columns}${empty} FROM t`)).toEqual({ query: 'SELECT count() AS m0_n, sumIf(x, y = {p0:Int64}) AS m0_sum FROM t', params: { p0: 1 } });
    expect(render(join([], ' AND '))).toEqual({ query: '', params: {} });
  });

  it('renders the same fragment the same way every time (pure)', () => {
    const f = sql`a = ${'x'} AND ${sql`b = ${2}`}`;
    expect(render(f)).toEqual(render(f));
  });
});

describe('settingsClause', () => {
  it('renders numbers, booleans and plain words as a SETTINGS clause', () => {
    expect(render(settingsClause({ max_execution_time: 60, async_insert: false, join_algorithm: 'hash' })).query).toBe(
      "\nSETTINGS max_execution_time = 60, async_insert = 0, join_algorithm = 'hash'",
    );
    expect(render(settingsClause({})).query).toBe('');
  });

  it('rejects names and values that are not plain', () => {
    expect(() => settingsClause({ 'max_execution_time = 1, readonly': 0 })).toThrow(TypeError);
    expect(() => settingsClause({ join_algorithm: "hash'; DROP" })).toThrow(TypeError);
    expect(() => settingsClause({ max_execution_time: Infinity })).toThrow(TypeError);
  });
});
