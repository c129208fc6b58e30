/**
 * The page bound of every connection (`first`/`last`). Pothos' relay and prisma plugins silently
 * clamp a larger page to their maximum, so `first: 1000` answered 100 items with
 * `hasNextPage: true` and no word of the cap; here a page over MAX_PAGE is a clear error instead:
 * extensions.code BAD_USER_INPUT (like `Metric.attachments(first:)`).
 */
import { GraphQLError } from 'graphql';
import { DEFAULT_PAGE } from './cost.js';

/** Largest `first`/`last` of a connection. */
export const MAX_PAGE = 100;

/** Page of a list field with a `first` argument (e.g. `Metric.attachments`): `first` or DEFAULT_PAGE; BAD_USER_INPUT outside 0–MAX_PAGE. */
export function pageSize(first: number | null | undefined): number {
  const n = first ?? DEFAULT_PAGE;
  if (n < 0 || n > MAX_PAGE) throw pageError('first', n, '');
  return n;
}

/**
 * `maxSize` of a prismaConnection: MAX_PAGE, after refusing a `first`/`last` above it.
 * Pothos calls it with the field's arguments while it builds the page query.
 */
export function maxPageSize(args: { first?: number | null; last?: number | null }): number {
  for (const name of ['first', 'last'] as const) {
    const n = args[name];
    if (n != null && n > MAX_PAGE) throw pageError(name, n, '; page with `after`/`before`');
  }
  return MAX_PAGE;
}

function pageError(name: 'first' | 'last', n: number, hint: string): GraphQLError {
  return new GraphQLError(`${name} must be between 0 and ${MAX_PAGE} (found ${n})${hint}`, {
    extensions: { code: 'BAD_USER_INPUT', argument: name },
  });
}
