/**
 * Deterministic placement of a new subject against a cohort's splits (design §2, seed 004).
 *
 * The point of a subject is the first 40 bits of SHA-256(`<EXPERIMENT KEY>:<subject id>`) (UTF-8),
 * read big-endian as an integer h in [0, 2^40). Allocations are walked in the cohort's allocation
 * order with cumulative splits in thousandths; the subject gets the first variant whose cumulative
 * share c satisfies h · 1000 < c · 2^40 (both sides are integers below 2^53, so the comparison is
 * exact in doubles: no rounding at the boundaries).
 *
 * - Stable across restarts, replicas and machines: the point depends only on the experiment key
 *   (immutable, upper-case) and the subject id; no seed, no process state, no stored data. Any
 *   client can reproduce it (e.g. Python `hashlib.sha256`).
 * - Uniform: SHA-256's output bits are indistinguishable from independent fair coin flips, so h is
 *   uniform on [0, 2^40) and a variant with split s (thousandths) receives s/1000 of new subjects
 *   up to 2^-40. Hashing the key with the id makes placements in different experiments
 *   independent (being in TREATMENT of one experiment says nothing about another).
 * - The key, not the database id, is hashed: the same experiment key in staging and production
 *   places a subject identically (what QA sees is what production shows). The key pattern has
 *   no ':', so `key:subject` is unambiguous.
 */
import { createHash } from 'node:crypto';

/** 2^40: the number of distinct placement points. */
export const POINTS = 2 ** 40;

/** The subject's placement point, an integer in [0, 2^40). */
export function placementPoint(experimentKey: string, subjectId: string): number {
  const digest = createHash('sha256').update(`${experimentKey}:${subjectId}`, 'utf8').digest();
  return digest.readUIntBE(0, 5);
}

/** The placement point as a fraction in [0, 1) (for reports and split-accuracy checks). */
export function placementFraction(experimentKey: string, subjectId: string): number {
  return placementPoint(experimentKey, subjectId) / POINTS;
}

/**
 * The allocation a point falls in: allocations in cohort order, splits in thousandths summing to
 * 1000. Throws on an empty cohort or splits not summing to 1000 (the cohort rules forbid both).
 */
export function allocationAt<A extends { splitMillis: number }>(allocations: readonly A[], point: number): A {
  let cumulative = 0;
  for (const allocation of allocations) {
    cumulative += allocation.splitMillis;
    if (point * 1000 < cumulative * POINTS) return allocation;
  }
  throw new Error(`cohort splits sum to ${cumulative} thousandths, not 1000`);
}

/** Where a new subject is placed: `allocationAt(allocations, placementPoint(key, subjectId))`. */
export function placeSubject<A extends { splitMillis: number }>(
  experimentKey: string,
  subjectId: string,
  allocations: readonly A[],
): A {
  return allocationAt(allocations, placementPoint(experimentKey, subjectId));
}
