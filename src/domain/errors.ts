/**
 * Expected, user-correctable failures. Each carries a contract `ErrorCode` and the path of the
 * offending input field; graphql/errors.ts turns them into mutation payload `errors`. Anything
 * that is not a DomainError is unexpected and is masked by the server.
 */

export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'STALE_VERSION'
  | 'FORBIDDEN'
  | 'UNSAFE_SQL'
  | 'WAREHOUSE_UNAVAILABLE'
  | 'WAREHOUSE_LIMIT';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Input path, e.g. ['input', 'allocations', '1', 'split']. */
    readonly field?: string[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, field?: string[]) {
    super('VALIDATION', message, field);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string, field?: string[]) {
    super('NOT_FOUND', message, field);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, field?: string[]) {
    super('CONFLICT', message, field);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

export class StaleVersionError extends DomainError {
  constructor(expected: number, current: number, field = ['input', 'expectedResourceVersion']) {
    super('STALE_VERSION', `expectedResourceVersion ${expected} is stale: current version is ${current}`, field);
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly allowed: readonly string[],
  ) {
    super(
      'INVALID_TRANSITION',
      `cannot move from ${from} to ${to}; allowed from ${from}: ${allowed.length ? allowed.join(', ') : 'none'}`,
    );
  }
}

/**
 * A change that is not a transition but that the experiment's status does not allow (e.g.
 * variants outside DRAFT). Same code as a refused transition: the lifecycle forbids it.
 */
export class StatusForbidsChangeError extends DomainError {
  constructor(
    readonly status: string,
    readonly allowedIn: readonly string[],
    what: string,
    field?: string[],
  ) {
    super('INVALID_TRANSITION', `${what} cannot be changed while ${status}; only while ${allowedIn.join(' or ')}`, field);
  }
}

/** The warehouse could not be reached or timed out; the cause is logged, never shown. */
export class WarehouseUnavailableError extends DomainError {
  constructor(override readonly cause: unknown) {
    super('WAREHOUSE_UNAVAILABLE', 'the analytics warehouse is unavailable; retry later');
  }
}

/**
 * A warehouse read ran into one of its configured limits (rows read, bytes read, memory,
 * execution time): the warehouse is fine, and the same read will hit the limit again until the
 * data, the attached metrics or the limits change. The cause is logged, never shown.
 */
export class WarehouseLimitError extends DomainError {
  constructor(
    readonly limit: 'rows' | 'bytes' | 'memory' | 'time',
    override readonly cause: unknown,
  ) {
    const what = { rows: 'rows read', bytes: 'bytes read', memory: 'memory', time: 'execution time' }[limit];
    super('WAREHOUSE_LIMIT', `the analytics read exceeded the warehouse's limit on ${what}; an operator can raise the LIFTGATE_WAREHOUSE_READ_* limits`);
  }
}

/** Several validation errors at once (e.g. every bad allocation of a cohort). */
export class ValidationErrors extends Error {
  constructor(readonly errors: DomainError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/** User SQL (a fact table's SELECT or a row filter) the sandbox refused; the message lists every reason. */
export class UnsafeSqlError extends DomainError {
  constructor(reasons: string[], field?: string[]) {
    super('UNSAFE_SQL', `the SQL was refused: ${reasons.join('; ')}`, field);
  }
}

/**
 * A query running user SQL passed one of the fact-table sandbox's limits; the message names the
 * limit (the engine setting and the variable that configures it). The cause is logged, never shown.
 */
export class SandboxLimitError extends DomainError {
  constructor(
    readonly setting: string,
    override readonly cause: unknown,
  ) {
    const variable = {
      max_execution_time: 'LIFTGATE_FACT_MAX_EXECUTION_SECONDS',
      max_result_rows: 'LIFTGATE_FACT_MAX_RESULT_ROWS',
      max_rows_to_read: 'LIFTGATE_FACT_MAX_ROWS_TO_READ',
      max_memory_usage: 'LIFTGATE_FACT_MAX_MEMORY_BYTES',
    }[setting] ?? 'LIFTGATE_FACT_*';
    super('WAREHOUSE_LIMIT', `the fact-table query exceeded the sandbox limit ${setting}; an operator can raise ${variable} (or this environment's entry in LIFTGATE_FACT_LIMITS_BY_ENVIRONMENT)`);
  }
}
