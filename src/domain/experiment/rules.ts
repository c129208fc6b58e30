/**
 * Pure validation of experiment keys, links, variants, the feature/exposure names and cohort
 * allocations (no I/O). Input bounds (README "Input bounds"): MAX_LINKS links with a name
 * (names.ts) and an http(s) URL of at most MAX_URL_LENGTH characters, MAX_VARIANTS variants,
 * MAX_COHORTS cohorts (addCohort beyond: VALIDATION, like attachMetric beyond its cap), featureName and exposureEvent of at most MAX_EVENT_NAME_LENGTH characters
 * without control characters; descriptions: names.ts.
 */
import { CONTROL_CHARACTERS, hasControlCharacter } from '../../lib/text.js';
import { DomainError, ValidationError, ValidationErrors } from '../errors.js';
import { MAX_EVENT_NAME_LENGTH } from '../event-bounds.js';
import { validateDescription, validateName } from '../names.js';

/** Most links of one experiment. */
export const MAX_LINKS = 20;
/** Longest link URL, in characters (what browsers and proxies reliably carry). */
export const MAX_URL_LENGTH = 2_000;
/** Most variants of one experiment (each one is a column of every results read). */
export const MAX_VARIANTS = 20;
/** Most cohorts of one experiment (addCohort beyond it is VALIDATION). */
export const MAX_COHORTS = 100;

const KEY_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

/** Keys are case-insensitive `[A-Za-z0-9._-]`, stored and shown upper-case. */
export function normaliseKey(key: string, field: string[]): string {
  const trimmed = key.trim();
  if (!KEY_PATTERN.test(trimmed)) {
    throw new ValidationError('key must be 1–100 characters of letters, digits, ".", "_" or "-"', field);
  }
  return trimmed.toUpperCase();
}

// A type alias, not an interface: it is then assignable to Prisma's JSON input type.
export type LinkSpec = { name: string; url: string };

/**
 * Links (name → URL): at most MAX_LINKS; each name a display name (trimmed), each url an absolute
 * http(s) URL of at most MAX_URL_LENGTH characters.
 */
export function validateLinks(links: LinkSpec[], path: string[]): LinkSpec[] {
  if (links.length > MAX_LINKS) throw new ValidationError(`at most ${MAX_LINKS} links (found ${links.length})`, path);
  return links.map((l, i) => {
    const at = [...path, String(i)];
    const name = validateName(l.name, [...at, 'name']);
    if (l.url.length > MAX_URL_LENGTH) throw new ValidationError(`url must be at most ${MAX_URL_LENGTH} characters`, [...at, 'url']);
    if (!URL.canParse(l.url)) throw new ValidationError('url must be an absolute URL', [...at, 'url']);
    if (!/^https?:$/.test(new URL(l.url).protocol)) throw new ValidationError('url must be an http or https URL', [...at, 'url']);
    return { name, url: l.url };
  });
}

/**
 * featureName or exposureEvent, trimmed: 1–MAX_EVENT_NAME_LENGTH characters without control
 * characters, as ingestion accepts them in events. Throws VALIDATION at `path`.
 */
export function validateEventName(value: string, what: 'featureName' | 'exposureEvent', path: string[]): string {
  const trimmed = value.trim();
  if (!trimmed) throw new ValidationError(`${what} is required`, path);
  if (trimmed.length > MAX_EVENT_NAME_LENGTH) throw new ValidationError(`${what} must be at most ${MAX_EVENT_NAME_LENGTH} characters`, path);
  // Ingestion refuses control characters in `event` and `feature_name`: such a name could never match.
  if (hasControlCharacter(trimmed)) throw new ValidationError(`${what} must not contain ${CONTROL_CHARACTERS}`, path);
  return trimmed;
}

/** VALIDATION at `path` when an experiment with `existing` cohorts cannot take another one. */
export function assertCohortRoom(existing: number, path: string[]): void {
  if (existing >= MAX_COHORTS) {
    throw new ValidationError(`an experiment has at most ${MAX_COHORTS} cohorts; this one has ${existing}`, path);
  }
}

export interface VariantSpec {
  key: string;
  name: string;
  description?: string | null;
  isControl: boolean;
}

/**
 * Normalises variant keys; at most MAX_VARIANTS, unique keys, descriptions within
 * MAX_DESCRIPTION_LENGTH and exactly one control (when there are variants).
 */
export function validateVariants(variants: VariantSpec[], path: string[]): VariantSpec[] {
  if (variants.length > MAX_VARIANTS) throw new ValidationError(`at most ${MAX_VARIANTS} variants (found ${variants.length})`, path);
  const errors: DomainError[] = [];
  const seen = new Set<string>();
  const out = variants.map((v, i) => {
    const field = [...path, String(i)];
    let key = v.key;
    try {
      key = normaliseKey(v.key, [...field, 'key']);
      if (seen.has(key)) errors.push(new ValidationError(`variant key ${key} is used twice`, [...field, 'key']));
      seen.add(key);
    } catch (err) {
      errors.push(err as DomainError);
    }
    let name = v.name.trim();
    try {
      name = validateName(v.name, [...field, 'name']);
    } catch (err) {
      errors.push(err as DomainError);
    }
    try {
      validateDescription(v.description, [...field, 'description']);
    } catch (err) {
      errors.push(err as DomainError);
    }
    return { ...v, key, name };
  });
  const controls = out.filter((v) => v.isControl).length;
  if (out.length > 0 && controls !== 1) {
    errors.push(new ValidationError(`exactly one variant must be the control (found ${controls})`, path));
  }
  if (errors.length) throw errors.length === 1 ? errors[0]! : new ValidationErrors(errors);
  return out;
}

export interface AllocationSpec {
  variantKey: string;
  split: number;
}

/**
 * Checks a cohort: allocations name existing variants, each once, splits in (0, 1] with at most
 * three decimals, summing to exactly 1.000. Returns splits in thousandths (exact integers).
 */
export function validateAllocations(
  allocations: AllocationSpec[],
  variantKeys: ReadonlySet<string>,
  path: string[],
): { variantKey: string; splitMillis: number }[] {
  const errors: DomainError[] = [];
  const seen = new Set<string>();
  const out = allocations.map((a, i) => {
    const field = [...path, String(i)];
    const variantKey = a.variantKey.trim().toUpperCase();
    if (!variantKeys.has(variantKey)) {
      errors.push(new ValidationError(`variant ${variantKey} is not a variant of this experiment`, [...field, 'variantKey']));
    } else if (seen.has(variantKey)) {
      errors.push(new ValidationError(`variant ${variantKey} is allocated twice`, [...field, 'variantKey']));
    }
    seen.add(variantKey);
    const splitMillis = Math.round(a.split * 1000);
    if (!(a.split > 0 && a.split <= 1)) {
      errors.push(new ValidationError('split must be greater than 0 and at most 1', [...field, 'split']));
    } else if (Math.abs(a.split * 1000 - splitMillis) > 1e-6) {
      errors.push(new ValidationError('split has at most three decimals', [...field, 'split']));
    }
    return { variantKey, splitMillis };
  });
  if (allocations.length === 0) errors.push(new ValidationError('a cohort needs at least one allocation', path));
  const total = out.reduce((s, a) => s + a.splitMillis, 0);
  if (errors.length === 0 && total !== 1000) {
    errors.push(new ValidationError(`splits must sum to 1.000 (they sum to ${(total / 1000).toFixed(3)})`, path));
  }
  if (errors.length) throw errors.length === 1 ? errors[0]! : new ValidationErrors(errors);
  return out;
}
