/** The warehouse side of /healthz: a trivial read through the query wrapper. */
import { QUERY_FAMILIES, type WarehouseQueries } from './query.js';
import { sql } from './sql.js';

/** True when the warehouse answers `SELECT 1` within 5 s; never throws. */
export async function warehouseHealthy(warehouse: WarehouseQueries): Promise<boolean> {
  try {
    await warehouse.query(QUERY_FAMILIES.health, sql`SELECT 1 AS ok`, { settings: { max_execution_time: 5 } });
    return true;
  } catch {
    return false;
  }
}
