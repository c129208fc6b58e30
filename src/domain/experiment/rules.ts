/** Pure validation of experiment keys, variants and cohort allocations (no I/O). */
import { DomainError, ValidationError, ValidationErrors } from '../errors.js';
import { validateName } from '../names.js';

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

/** Links (name → URL): each url must be an absolute URL. */
export function validateLinks(links: LinkSpec[], path: string[]): LinkSpec[] {
  links.forEach((l, i) => {
    if (!URL.canParse(l.url)) throw new ValidationError('url must be an absolute URL', [...path, String(i), 'url']);
  });
  return links.map((l) => ({ name: l.name, url: l.url }));
}

export interface VariantSpec {
  key: string;
  name: string;
  description?: string | null;
  isControl: boolean;
}

/** Normalises variant keys; unique keys and exactly one control (when there are variants). */
export function validateVariants(variants: VariantSpec[], path: string[]): VariantSpec[] {
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
