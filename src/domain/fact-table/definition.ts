/**
 * The stored shape of a fact table (FactTable.columns / rowFilters JSON) and how an engine type
 * falls into a column bucket. Pure: no I/O.
 */

/** The buckets of the contract's FactColumnType. */
export type FactColumnBucket = 'NUMBER' | 'STRING' | 'BOOLEAN' | 'TIMESTAMP';

/** One introspected column: its name, bucket and the warehouse's own type name. */
export interface StoredFactColumn {
  name: string;
  type: FactColumnBucket;
  warehouseType: string;
}

/** One named row filter: a boolean expression as the engine formatted it. */
export interface StoredRowFilter {
  name: string;
  sql: string;
}

/** The bucket of an engine type name, e.g. `Nullable(Float64)` → NUMBER, `DateTime64(3, 'UTC')` → TIMESTAMP. */
export function columnBucket(warehouseType: string): FactColumnBucket {
  let t = warehouseType.trim();
  for (;;) {
    const inner = /^(?:Nullable|LowCardinality)\((.*)\)$/s.exec(t);
    if (!inner) break;
    t = inner[1]!.trim();
  }
  if (t === 'Bool' || t === 'Boolean') return 'BOOLEAN';
  if (/^(U?Int(8|16|32|64|128|256)|Float(32|64)|BFloat16|Decimal(32|64|128|256)?\b)/.test(t)) return 'NUMBER';
  if (/^(Date|Date32|DateTime|DateTime64)\b/.test(t)) return 'TIMESTAMP';
  return 'STRING';
}

/** Whether an engine type can be a row filter's result (a boolean or its UInt8 form, nullable or not). */
export function isBooleanType(warehouseType: string): boolean {
  return /^(Nullable\()?(Bool|UInt8)\)?$/.test(warehouseType.trim());
}

/** The stored columns of a FactTable row (validated on write, so read as is). */
export function readColumns(json: unknown): StoredFactColumn[] {
  return json as StoredFactColumn[];
}

/** The stored row filters of a FactTable row (validated on write, so read as is). */
export function readRowFilters(json: unknown): StoredRowFilter[] {
  return json as StoredRowFilter[];
}
