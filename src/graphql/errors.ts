/**
 * UserError and the contract's ErrorCode, and the one place that turns DomainErrors into mutation
 * payload `errors`. Any other error propagates and is masked by Yoga.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import { DomainError, NotFoundError, ValidationErrors, type ErrorCode } from '../domain/errors.js';
import { builder } from './builder.js';

export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'Machine-readable reason of a user error.',
  values: {
    VALIDATION: { description: 'Input is malformed or breaks a rule of its own (e.g. splits not summing to 1.000).' },
    NOT_FOUND: { description: 'A referenced object does not exist, is deleted, or is not visible to the caller.' },
    CONFLICT: { description: 'The change conflicts with existing state (duplicate name, metric attached to a running experiment).' },
    INVALID_TRANSITION: { description: 'The lifecycle does not allow this change from the current status.' },
    STALE_VERSION: { description: 'expectedResourceVersion is not the object\'s current version.' },
    FORBIDDEN: { description: 'The caller\'s role does not allow this change.' },
    UNSAFE_SQL: { description: 'User-supplied SQL was rejected (not a single read-only SELECT, or it reaches outside the warehouse).' },
    WAREHOUSE_UNAVAILABLE: { description: 'The analytics warehouse could not be reached or timed out.' },
    WAREHOUSE_LIMIT: {
      description:
        'An analytics read exceeded a configured warehouse limit (rows or bytes read, memory, execution time); the warehouse is up, and the same read fails again until the data or the limits change.',
    },
  } satisfies Record<ErrorCode, unknown>,
});

export interface UserErrorShape {
  code: ErrorCode;
  message: string;
  field: string[] | null;
}

export const UserError = builder.objectRef<UserErrorShape>('UserError').implement({
  description: 'An expected, user-correctable error returned as data by a mutation.',
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, description: 'Machine-readable reason.', resolve: (e) => e.code }),
    message: t.exposeString('message', { description: 'Human-readable explanation, safe to show.' }),
    field: t.exposeStringList('field', {
      nullable: true,
      description: 'Path to the offending input field, e.g. ["input", "cohort", "allocations", "1", "split"].',
    }),
  }),
});

/** Runs a mutation body; DomainErrors become `{ errors }`, everything else propagates (masked). */
export async function payload<T extends object>(run: () => Promise<T>): Promise<Partial<T> & { errors: UserErrorShape[] }> {
  try {
    return { ...(await run()), errors: [] };
  } catch (err) {
    const errors = err instanceof ValidationErrors ? err.errors : err instanceof DomainError ? [err] : null;
    if (!errors) throw err;
    return { errors: errors.map((e) => ({ code: e.code, message: e.message, field: e.field ?? null })) } as Partial<T> & {
      errors: UserErrorShape[];
    };
  }
}

/**
 * Decodes a global id to its database id (a UUID) when it names a `typename` (any type when
 * null); NotFoundError at `field` otherwise: a malformed id is simply not found.
 */
export function decodeId(globalId: string, typename: string | null, field: string[]): string {
  try {
    const { typename: actual, id } = decodeGlobalID(globalId);
    if ((typename === null || actual === typename) && /^[0-9a-f-]{36}$/i.test(id)) return id;
  } catch {
    // fall through
  }
  throw new NotFoundError(`no ${typename ?? 'entity'} with this id`, field);
}

/**
 * Declares a mutation payload type `{ <field>: T, errors: [UserError!]! }` (contract shape).
 * The resolver returns what `payload()` returns.
 */
export function payloadType(
  name: string,
  fields: Record<string, { type: unknown; description?: string; nullable?: boolean }>,
) {
  type Shape = Record<string, unknown> & { errors: UserErrorShape[] };
  return builder.objectRef<Shape>(name).implement({
    description: 'Result of a mutation: the object(s) on success, or `errors` explaining what to correct.',
    fields: (t) => ({
      ...Object.fromEntries(
        Object.entries(fields).map(([key, spec]) => [
          key,
          t.field({
            type: spec.type as never,
            nullable: (spec.nullable ?? true) as true,
            description: spec.description ?? `The ${key} after the change; null when \`errors\` is not empty.`,
            resolve: (p) => (p[key] ?? null) as never,
          }),
        ]),
      ),
      errors: t.field({
        type: [UserError],
        description: 'User-correctable errors; empty on success (nothing was changed when not empty).',
        resolve: (p) => p.errors,
      }),
    }),
  });
}
