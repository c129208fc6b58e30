/**
 * `npm run bench:monitoring`: detector quality on synthetic seasonal series with injected spikes,
 * drops and level shifts, at the default sensitivity (3.5), for hourly and daily buckets.
 *
 * Series: a level with a daily cycle (hourly buckets) and a weekly cycle (both intervals), counts
 * with Poisson-like noise (sd √mean) plus 3 % multiplicative noise; 8 weeks of history before the
 * scored part (the scheduler's window is 4 weeks hourly, 8 weeks daily). Injected, in separate
 * series: spikes and drops (one bucket, 6–10 σ of that bucket's noise) and level shifts (±6–10 σ
 * from a bucket on, to the end). Each series is scored bucket by bucket exactly as the scheduler
 * does (`scoreBuckets`, the trailing window only).
 *
 * Scoring is by alert, not by bucket: consecutive firing buckets form one alert. Precision =
 * alerts that overlap an injected anomaly / all alerts; recall = injected anomalies hit by an
 * alert (a spike/drop at its bucket; a level shift within its first 3 buckets) / injected ones.
 * Baseline, same run and same series: the classical 3.5-sigma rule (trailing mean and standard
 * deviation over the same window, no seasonality).
 */
import { cpus } from 'node:os';
import { BUCKET_MS, scoreBuckets, type SeriesPoint } from '../src/domain/monitoring/rules.js';
import { DEFAULT_SETTINGS } from '../src/stats/anomaly/detector.js';

const SENSITIVITY = 3.5;
/** Series per (interval, kind) row; BENCH_SERIES overrides (the table's figures used 25). */
const SERIES_PER_KIND = Number(process.env.BENCH_SERIES ?? 25);
const SCORED_WEEKS = 4;
const HISTORY_WEEKS = 8;
type Interval = 'HOUR' | 'DAY';
type Kind = 'spike' | 'drop' | 'level shift';

/** Deterministic PRNG (mulberry32), so every run measures the same series. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
  return { next, normal };
}

interface Synthetic {
  points: SeriesPoint[];
  /** First scored index. */
  first: number;
  /** Injected anomalies: [start, end) regions and where a hit counts. */
  truth: { start: number; end: number; hitBy: number }[];
}

function synthesize(interval: Interval, kind: Kind, seed: number): Synthetic {
  const r = rng(seed);
  const perDay = interval === 'HOUR' ? 24 : 1;
  const history = HISTORY_WEEKS * 7 * perDay;
  const n = history + SCORED_WEEKS * 7 * perDay;
  const level = 50 + r.next() * 450;
  const dailyAmp = 0.3 + r.next() * 0.4;
  const weeklyAmp = 0.1 + r.next() * 0.3;
  const start = Date.UTC(2026, 0, 5); // a Monday
  const mean = (i: number) => {
    const hour = interval === 'HOUR' ? i % 24 : 12;
    const day = Math.floor(i / perDay) % 7;
    const daily = interval === 'HOUR' ? 1 + dailyAmp * Math.sin(((hour - 6) / 24) * 2 * Math.PI) : 1;
    const weekly = 1 + weeklyAmp * (day >= 5 ? -1 : 0.4);
    return level * daily * weekly;
  };
  const sd = (m: number) => Math.sqrt(m + (0.03 * m) ** 2);
  const values = Array.from({ length: n }, (_, i) => {
    const m = mean(i);
    return Math.max(0, Math.round(m + sd(m) * r.normal()));
  });
  const truth: Synthetic['truth'] = [];
  const sigmas = () => 6 + r.next() * 4;
  if (kind === 'level shift') {
    const at = history + Math.floor(r.next() * (n - history) * 0.5);
    const sign = r.next() < 0.5 ? -1 : 1;
    const k = sigmas();
    for (let i = at; i < n; i++) values[i] = Math.max(0, Math.round(values[i]! + sign * k * sd(mean(i))));
    truth.push({ start: at, end: n, hitBy: at + 3 });
  } else {
    // 6 single-bucket anomalies in the scored part, at least a day apart.
    const gap = Math.floor((n - history) / 6);
    for (let j = 0; j < 6; j++) {
      const at = history + j * gap + Math.floor(r.next() * (gap - perDay));
      const m = mean(at);
      values[at] = Math.max(0, Math.round(kind === 'spike' ? m + sigmas() * sd(m) : m - sigmas() * sd(m)));
      truth.push({ start: at, end: at + 1, hitBy: at + 1 });
    }
  }
  const step = BUCKET_MS[interval];
  return { points: values.map((v, i) => ({ bucket: new Date(start + i * step), value: v })), first: history, truth };
}

/** The classical rule: |x − mean| > k·sd over the trailing window, no seasonality (the baseline). */
function threeSigma(points: readonly SeriesPoint[], first: number, window: number): boolean[] {
  const out: boolean[] = [];
  for (let i = first; i < points.length; i++) {
    const w = points.slice(Math.max(0, i - window), i).map((p) => p.value ?? 0);
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    const sd = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / (w.length - 1));
    out.push(Math.abs((points[i]!.value ?? 0) - mean) > SENSITIVITY * Math.max(sd, 1));
  }
  return out;
}

interface Tally {
  alerts: number;
  trueAlerts: number;
  events: number;
  hit: number;
  buckets: number;
}

function tally(fired: boolean[], s: Synthetic, into: Tally): void {
  into.buckets += fired.length;
  // Alerts: runs of consecutive firing buckets (indices relative to the series).
  const runs: [number, number][] = [];
  fired.forEach((f, j) => {
    const i = s.first + j;
    if (!f) return;
    const last = runs[runs.length - 1];
    if (last && last[1] === i) last[1] = i + 1;
    else runs.push([i, i + 1]);
  });
  into.alerts += runs.length;
  into.trueAlerts += runs.filter(([a, b]) => s.truth.some((t) => a < t.end && t.start < b)).length;
  into.events += s.truth.length;
  into.hit += s.truth.filter((t) => runs.some(([a, b]) => a < t.hitBy && t.start < b)).length;
}

const fmt = (x: number) => x.toFixed(3);
const ratio = (a: number, b: number) => (b === 0 ? '— (no alerts)' : fmt(a / b));
const empty = (): Tally => ({ alerts: 0, trueAlerts: 0, events: 0, hit: 0, buckets: 0 });

function main() {
  const rows: string[][] = [];
  let everyRowMet = true;
  let robustCpuUs = 0;
  let robustWallMs = 0;
  let baselineCpuUs = 0;
  let baselineWallMs = 0;
  let scoredBuckets = 0;
  const totals = { robust: empty(), baseline: empty() };
  for (const interval of ['HOUR', 'DAY'] as const) {
    for (const kind of ['spike', 'drop', 'level shift'] as const) {
      const robust = empty();
      const baseline = empty();
      for (let k = 0; k < SERIES_PER_KIND; k++) {
        const s = synthesize(interval, kind, 1_000 * (interval === 'HOUR' ? 1 : 2) + k * 17 + kind.length);
        let cpu = process.cpuUsage();
        let t0 = performance.now();
        const scores = scoreBuckets(s.points, s.first, { interval, sensitivity: SENSITIVITY, countShaped: true });
        robustWallMs += performance.now() - t0;
        robustCpuUs += process.cpuUsage(cpu).user + process.cpuUsage(cpu).system;
        scoredBuckets += scores.length;
        tally(scores.map((x) => x.detection?.anomalous ?? false), s, robust);
        cpu = process.cpuUsage();
        t0 = performance.now();
        const naive = threeSigma(s.points, s.first, DEFAULT_SETTINGS[interval].window);
        baselineWallMs += performance.now() - t0;
        baselineCpuUs += process.cpuUsage(cpu).user + process.cpuUsage(cpu).system;
        tally(naive, s, baseline);
      }
      for (const [name, t] of [['robust', robust], ['baseline', baseline]] as const) {
        const total = totals[name];
        for (const key of Object.keys(t) as (keyof Tally)[]) total[key] += t[key];
      }
      everyRowMet &&= robust.trueAlerts >= 0.9 * robust.alerts && robust.hit >= 0.9 * robust.events;
      rows.push([
        interval,
        kind,
        String(robust.events),
        ratio(robust.trueAlerts, robust.alerts),
        fmt(robust.hit / robust.events),
        String(robust.alerts - robust.trueAlerts),
        ratio(baseline.trueAlerts, baseline.alerts),
        fmt(baseline.hit / baseline.events),
        String(baseline.alerts - baseline.trueAlerts),
      ]);
    }
  }
  const r = totals.robust;
  const b = totals.baseline;
  rows.push([
    'all', 'all', String(r.events),
    ratio(r.trueAlerts, r.alerts), fmt(r.hit / r.events), String(r.alerts - r.trueAlerts),
    ratio(b.trueAlerts, b.alerts), fmt(b.hit / b.events), String(b.alerts - b.trueAlerts),
  ]);
  const cpu = cpus();
  console.log(
    `\nLiftgate anomaly detector bench · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'} · sensitivity ${SENSITIVITY} · ${SERIES_PER_KIND} series per row, ${SCORED_WEEKS} weeks scored after ${HISTORY_WEEKS} weeks of history\n`,
  );
  const header = ['interval', 'injected', 'anomalies', 'precision', 'recall', 'false alerts', 'baseline precision (3.5σ rule)', 'baseline recall', 'baseline false alerts'];
  console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}`);
  const perBucket = (ms: number) => `${((ms * 1000) / scoredBuckets).toFixed(1)} µs`;
  console.log(
    `\n| cost per scored bucket (${scoredBuckets.toLocaleString('en-US')} buckets) | wall | CPU |\n|---|---|---|\n` +
      `| robust seasonal median/MAD | ${perBucket(robustWallMs)} | ${perBucket(robustCpuUs / 1000)} |\n` +
      `| baseline 3.5σ rule | ${perBucket(baselineWallMs)} | ${perBucket(baselineCpuUs / 1000)} |`,
  );
  console.log(`\ntarget precision ≥ 0.9 and recall ≥ 0.9 in every row: ${everyRowMet ? 'met' : 'NOT met'}`);
  if (!everyRowMet) process.exitCode = 1;
}

main();
