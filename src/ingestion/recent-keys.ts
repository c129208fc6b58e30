/**
 * The event ids this process stored recently, as a pair of rotating Bloom filters, so the event
 * writer asks the warehouse "is this already stored?" only for events that may be (resends, and a
 * rare false positive) instead of for every event. Keyed by event id alone: an id shared by other
 * environments or event names is only a false positive that the lookup (whole key) resolves.
 *
 * Why: the stored-key lookup cost as much warehouse time as the insert itself (profiled on chDB:
 * ~45 ms each per 3,600 rows), and for fresh random ids it touches about one granule per key, so
 * it grows with the table. A "no" from the filter is certain for keys added within the window; a
 * "maybe" is confirmed by the lookup, so a false positive never turns a new event into a duplicate.
 *
 * Window: a generation holds up to `capacity` keys or `windowMs / 2`, then becomes the previous
 * one and the oldest is dropped; keys are remembered for between half and the whole window, less
 * under heavy traffic (at 50,000 events/s a 5M-key generation lasts 100 s; the SDK resends after
 * about 10 s). Older resends, and resends of events another replica stored, are not reported as
 * duplicates but are still stored once (ReplacingMergeTree + FINAL, migrations/001-events.ts).
 *
 * Sizing: false-positive rate 1e-5 (24 bits and 17 probes per key), so a 3,600-event flush needs
 * a lookup about once in 28 flushes; 5M keys per generation take 15 MB.
 */

const BITS_PER_KEY = 24;
const PROBES = 17;

class Bloom {
  readonly bits: Uint32Array;
  readonly size: number;
  count = 0;
  readonly createdAt: number;

  constructor(capacity: number, now: number) {
    this.size = Math.max(64, capacity * BITS_PER_KEY);
    this.bits = new Uint32Array(Math.ceil(this.size / 32));
    this.createdAt = now;
  }

  add(h1: number, h2: number): void {
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + i * h2) % this.size;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.count++;
  }

  has(h1: number, h2: number): boolean {
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + i * h2) % this.size;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** Two 32-bit FNV-1a hashes of a string (different offsets), for double hashing. */
function hashes(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  // h2 odd and non-zero so the probes spread.
  return [a >>> 0, (b | 1) >>> 0];
}

export interface RecentKeys {
  /** Records a stored key. */
  add(key: string): void;
  /** False: not stored by this process within the window. True: maybe (confirm in the warehouse). */
  mayContain(key: string): boolean;
}

/** A filter remembering up to `capacity` keys per generation for `windowMs` (two generations). */
export function createRecentKeys(opts: { capacity: number; windowMs: number; now?: () => number }): RecentKeys {
  const now = opts.now ?? Date.now;
  let current = new Bloom(opts.capacity, now());
  let previous: Bloom | null = null;
  const rotateIfDue = () => {
    const t = now();
    if (current.count >= opts.capacity || t - current.createdAt >= opts.windowMs / 2) {
      // A generation older than the whole window is dropped rather than kept as `previous`.
      previous = t - current.createdAt >= opts.windowMs ? null : current;
      current = new Bloom(opts.capacity, t);
    }
  };
  return {
    add(key) {
      rotateIfDue();
      const [h1, h2] = hashes(key);
      current.add(h1, h2);
    },
    mayContain(key) {
      rotateIfDue();
      const [h1, h2] = hashes(key);
      return current.has(h1, h2) || (previous?.has(h1, h2) ?? false);
    },
  };
}
