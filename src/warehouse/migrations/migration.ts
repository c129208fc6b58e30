/** The shape of one versioned warehouse migration (applied by index.ts). */
import type { WarehouseQueries } from '../query.js';

export interface WarehouseMigration {
  version: number;
  name: string;
  statements: string[];
  /** Runs after `statements`, for a step that moves data (it must be safe to run again). */
  apply?: (warehouse: WarehouseQueries) => Promise<void>;
}
