/**
 * `npm run bench:aa` (also part of `npm run bench`): A/A calibration of the pure statistics core.
 * 2,000 simulated experiments per scenario in which both arms draw from the same distribution, each
 * analysed by `analyze()` exactly as the results service calls it:
 *
 * - false-positive rate: share of experiments flagged significant (target 5 ± 1 % for FIXED and
 *   BAYESIAN at alpha = 0.05; SEQUENTIAL is conservative at a single look by design);
 * - coverage: share whose absolute-lift interval contains the true effect 0 (target 95 ± 1 %), and
 *   the same for the relative lift;
 * - peeking: the experiment is read at the end of each of 14 simulated days (cumulative data) and
 *   counts as a false positive if any day is significant: SEQUENTIAL must stay ≤ 5 %; FIXED is
 *   shown beside it as the baseline peeking inflates.
 *
 * - family-wise error: 3 primary metrics × 2 treatment arms, NONE / HOLM / BH (≤ 5 % with a correction).
 *
 * Scenarios: Bernoulli conversions (p = 0.1, 2,000 per arm), lognormal revenue (μ = 0, σ = 1,
 * 1,000 per arm), unequal n (lognormal, 400 vs 1,600), a ratio metric (revenue per order: 1–4
 * orders per subject, lognormal order values; delta method), and lognormal with CUPED (post =
 * pre-period + noise, 1,000 per arm). Not-computable comparisons count as not significant and are reported.
 * Random numbers: @stdlib/random-base-* seeded Mersenne Twister, so every run sees the same data.
 * `--runs N` changes the experiments per scenario (default 2000).
 */
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import bernoulliRandom from '@stdlib/random-base-bernoulli';
import lognormalRandom from '@stdlib/random-base-lognormal';
import normalRandom from '@stdlib/random-base-normal';

import { analyze, type ArmComparison, type Correction, type Method, type MetricInput, type SufficientStatistics } from '../src/stats/index.js';
import { formatTable } from '../scripts/demo-traffic.js';

const ALPHA = 0.05;
const DAYS = 14;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 2000;

type Scenario = {
  name: string;
  statistic: 'proportion' | 'sample-mean' | 'ratio';
  cuped: boolean;
  n: [number, number];
  /** Draws one day's units for one arm: adds to its running sums. */
  draw: (units: number, acc: Acc) => void;
};

/** Running sums for one arm (x = metric, y = pre-period covariate). */
type Acc = { n: number; sx: number; sxx: number; sy: number; syy: number; sxy: number };
const empty = (): Acc => ({ n: 0, sx: 0, sxx: 0, sy: 0, syy: 0, sxy: 0 });

function sufficient(a: Acc): SufficientStatistics {
  const s: SufficientStatistics = { n: a.n, sum: a.sx, sumSquares: a.sxx };
  if (a.n < 2) return { ...s, paired: { sumY: a.sy, sumYSquares: a.syy, sumXY: a.sxy, varianceY: 0, covariance: 0 } };
  return {
    ...s,
    paired: {
      sumY: a.sy,
      sumYSquares: a.syy,
      sumXY: a.sxy,
      varianceY: Math.max(0, (a.syy - (a.sy * a.sy) / a.n) / (a.n - 1)),
      covariance: (a.sxy - (a.sx * a.sy) / a.n) / (a.n - 1),
    },
  };
}

// Per-unit Bernoulli draws, not @stdlib/random-base-binomial: its 0.2.2 sampler is biased once
// n·p ≥ 10 (binomial(143, 0.1): mean 14.8, variance 11.7 instead of 14.3 and 12.87).
const bernoulli = bernoulliRandom.factory(0.1, { seed: 20261201 });
const lognormal = lognormalRandom.factory(0, 1, { seed: 20261202 });
const normal = normalRandom.factory({ seed: 20261203 });

/** One unit's value x into the accumulator. */
function add(a: Acc, x: number): void {
  a.n++;
  a.sx += x;
  a.sxx += x * x;
}

/** One unit's value x and its paired y (ratio denominator, CUPED covariate) into the accumulator. */
function addPair(a: Acc, x: number, y: number): void {
  add(a, x);
  a.sy += y;
  a.syy += y * y;
  a.sxy += x * y;
}

/** `units` lognormal(0, 1) values. */
function drawLognormal(units: number, a: Acc): void {
  for (let i = 0; i < units; i++) add(a, lognormal());
}

const SCENARIOS: Scenario[] = [
  {
    name: 'Bernoulli p = 0.1, 2,000 / arm',
    statistic: 'proportion',
    cuped: false,
    n: [2000, 2000],
    draw: (units, a) => {
      let k = 0;
      for (let i = 0; i < units; i++) k += bernoulli();
      a.n += units;
      a.sx += k;
      a.sxx += k;
    },
  },
  {
    name: 'lognormal σ = 1, 1,000 / arm',
    statistic: 'sample-mean',
    cuped: false,
    n: [1000, 1000],
    draw: drawLognormal,
  },
  {
    name: 'unequal n: lognormal, 400 vs 1,600',
    statistic: 'sample-mean',
    cuped: false,
    n: [400, 1600],
    draw: drawLognormal,
  },
  {
    // revenue per order: orders ~ 1 + Poisson-like (Bernoulli sum), order values lognormal
    name: 'ratio: revenue per order, 1,000 / arm',
    statistic: 'ratio',
    cuped: false,
    n: [1000, 1000],
    draw: (units, a) => {
      for (let i = 0; i < units; i++) {
        let orders = 1;
        for (let k = 0; k < 3; k++) orders += bernoulli();
        let x = 0;
        for (let k = 0; k < orders; k++) x += lognormal();
        addPair(a, x, orders);
      }
    },
  },
  {
    name: 'lognormal + CUPED (pre-period), 1,000 / arm',
    statistic: 'sample-mean',
    cuped: true,
    n: [1000, 1000],
    draw: (units, a) => {
      for (let i = 0; i < units; i++) {
        const y = lognormal();
        const x = y + 0.5 * normal(0, 1);
        addPair(a, x, y);
      }
    },
  },
];

function compare(s: Scenario, control: Acc, treatment: Acc, method: Method): ArmComparison {
  const metric: MetricInput = {
    id: 'm',
    statistic: s.statistic,
    cuped: s.cuped,
    byArm: new Map([['A', sufficient(control)], ['B', sufficient(treatment)]]),
  };
  const arms = [
    { key: 'A', control: true, subjects: control.n, expectedShare: 0.5 },
    { key: 'B', control: false, subjects: treatment.n, expectedShare: 0.5 },
  ];
  return analyze({ arms, metrics: [metric] }, { alpha: ALPHA, method }).metrics[0]!.comparisons[0]!;
}

const covers = (l: { ciLower: number | null; ciUpper: number | null } | null) => l !== null && l.ciLower !== null && l.ciUpper !== null && l.ciLower <= 0 && l.ciUpper >= 0;

type Tally = { fp: number; cover: number; coverRel: number; notComputable: number; peekFp: number };
const METHODS: Method[] = ['FIXED', 'SEQUENTIAL', 'BAYESIAN'];

function simulate(s: Scenario): Record<Method, Tally> {
  const t = Object.fromEntries(METHODS.map((m) => [m, { fp: 0, cover: 0, coverRel: 0, notComputable: 0, peekFp: 0 }])) as Record<Method, Tally>;
  for (let run = 0; run < RUNS; run++) {
    const c = empty();
    const b = empty();
    const peeked = new Set<Method>();
    for (let day = 1; day <= DAYS; day++) {
      // Units arrive evenly over the days (the last day takes the remainder).
      const share = (n: number) => Math.floor((n * day) / DAYS) - Math.floor((n * (day - 1)) / DAYS);
      s.draw(share(s.n[0]), c);
      s.draw(share(s.n[1]), b);
      for (const m of ['FIXED', 'SEQUENTIAL'] as const) if (compare(s, c, b, m).significant) peeked.add(m);
    }
    for (const m of METHODS) {
      const r = compare(s, c, b, m);
      const x = t[m];
      if (r.notComputable) x.notComputable++;
      if (r.significant) x.fp++;
      if (covers(r.absoluteLift)) x.cover++;
      if (covers(r.relativeLift)) x.coverRel++;
      if (peeked.has(m)) x.peekFp++;
    }
  }
  return t;
}

/**
 * Family-wise error under the global null: 3 primary lognormal metrics × 2 treatment arms (500
 * units per arm), one analyze() per experiment with each correction; an experiment is a false
 * positive when any of its 6 comparisons is significant. Holm controls this at alpha; under the
 * global null BH's false discovery rate equals it, so both must stay ≤ 5 %; NONE shows the
 * inflation the corrections remove.
 */
function familyWiseError(): Record<Correction, number> {
  const arms = ['A', 'B', 'C'].map((key) => ({ key, control: key === 'A', subjects: 500, expectedShare: 1 / 3 }));
  const hits: Record<Correction, number> = { NONE: 0, HOLM: 0, BH: 0 };
  const draw = (): SufficientStatistics => {
    const a = empty();
    for (let i = 0; i < 500; i++) {
      const x = lognormal();
      a.n++;
      a.sx += x;
      a.sxx += x * x;
    }
    return sufficient(a);
  };
  for (let run = 0; run < RUNS; run++) {
    const metrics: MetricInput[] = ['m1', 'm2', 'm3'].map((id) => ({ id, statistic: 'sample-mean', primary: true, byArm: new Map(arms.map((a) => [a.key, draw()])) }));
    for (const correction of ['NONE', 'HOLM', 'BH'] as const) {
      const a = analyze({ arms, metrics }, { alpha: ALPHA, correction });
      if (a.metrics.some((m) => m.comparisons.some((c) => c.significant))) hits[correction]++;
    }
  }
  return hits;
}

/** The A/A table (markdown) and the CPU/wall time it took. */
export function benchAaCalibration(): string {
  const pct = (k: number) => `${((100 * k) / RUNS).toFixed(2)} %`;
  const rows: string[][] = [];
  const misses: string[] = [];
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const s of SCENARIOS) {
    const t = simulate(s);
    for (const m of METHODS) {
      const x = t[m];
      const fpr = x.fp / RUNS;
      const cov = x.cover / RUNS;
      const peek = m === 'BAYESIAN' ? null : x.peekFp / RUNS;
      let target: string;
      let met: boolean;
      if (m === 'SEQUENTIAL') {
        target = 'peek ≤ 5 %, coverage ≥ 94 %';
        met = peek! <= 0.05 && cov >= 0.94;
      } else {
        target = 'FPR 4–6 %, coverage 94–96 %';
        met = fpr >= 0.04 && fpr <= 0.06 && cov >= 0.94 && cov <= 0.96;
      }
      if (!met) misses.push(`${s.name} / ${m}`);
      rows.push([s.name, m, pct(x.fp), pct(x.cover), pct(x.coverRel), peek === null ? '—' : pct(x.peekFp), String(x.notComputable), target, met ? 'met' : 'MISSED']);
    }
  }
  const fwe = familyWiseError();
  const fweRows = (['NONE', 'HOLM', 'BH'] as const).map((c) => {
    const met = c === 'NONE' || fwe[c] / RUNS <= 0.05;
    if (!met) misses.push(`family-wise / ${c}`);
    return [c, pct(fwe[c]), c === 'NONE' ? '— (the inflation)' : '≤ 5 %', c === 'NONE' ? '' : met ? 'met' : 'MISSED'];
  });
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - wall0;
  const table = formatTable(
    ['scenario', 'method', 'false positives', 'CI covers 0 (abs)', 'CI covers 0 (rel)', `peeking ${DAYS} days`, 'not computable', 'target', 'status'],
    rows,
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left', 'left'],
  );
  return [
    `A/A calibration (bench/aa-calibration.ts): ${RUNS.toLocaleString('en-US')} experiments per scenario, alpha = ${ALPHA}, ${cpus().length} cores`,
    '',
    table,
    '',
    'Any false positive among 3 primary metrics × 2 treatment arms (lognormal, 500 units per arm), FIXED:',
    '',
    formatTable(['correction', 'experiments with a false positive', 'target', 'status'], fweRows, ['left', 'right', 'left', 'left']),
    '',
    `wall ${(wall / 1000).toFixed(1)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s · Monte-Carlo SE of a 5 % rate at ${RUNS} runs: ${(100 * Math.sqrt((0.05 * 0.95) / RUNS)).toFixed(2)} pp`,
    misses.length ? `targets missed: ${misses.join('; ')}` : 'all targets met',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(benchAaCalibration());
}
