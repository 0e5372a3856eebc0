/**
 * Measures how the CPU cost of a function grows with the size of its input, for the parser
 * performance-regression tests: a quadratic scanner (a regex that rescans to the end of the text from
 * every `<`) shows a log-log slope near 2, a linear one near 1.
 *
 * Why CPU time and not wall time: the machine that runs the suite is small and shared, so a test may be
 * descheduled for whole milliseconds; process CPU time only counts the time this process ran. Each size
 * is measured several times and the median kept; inputs are built before timing starts; one warm-up
 * call lets the JIT compile the code first. Sizes should be large enough that the smallest costs a few
 * milliseconds, so timer resolution and GC pauses do not dominate.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface GrowthPoint {
  size: number;
  cpuMs: number;
}

export interface GrowthFit {
  points: GrowthPoint[];
  /** Least-squares slope of log(cpu time) against log(size): 1 is linear, 2 quadratic. */
  slope: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * A full collection before each size, so garbage left by the previous size (hundreds of MB for the
 * large sizes) is not collected on this one's account. `--expose-gc` is turned on at run time.
 */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return gc ?? (() => {});
})();

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export function slopeOf(points: GrowthPoint[]): number {
  const xs = points.map((p) => Math.log(p.size));
  const ys = points.map((p) => Math.log(Math.max(p.cpuMs, 0.01)));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}

/** Synchronous or asynchronous work on one prepared input. */
export type Work<T> = (input: T) => unknown;

/**
 * Sizes stay below a few hundred kilobytes: past that, V8 allocates strings in large-object space and
 * per-byte costs step up for reasons of memory, not of the algorithm, which reads as superlinear
 * growth. Cheap work is repeated within a sample (the same count at every size) so that each sample
 * lasts a few milliseconds and the timer's resolution does not matter.
 */
export async function measureGrowth<T>(build: (size: number) => T, work: Work<T>, options: { sizes: number[]; repeats?: number; sampleMs?: number }): Promise<GrowthFit> {
  const repeats = options.repeats ?? 5;
  const smallest = build(options.sizes[0]!);
  await work(smallest);
  const calibrationStart = cpuMs();
  await work(smallest);
  const once = Math.max(cpuMs() - calibrationStart, 0.005);
  const loops = Math.min(500, Math.max(1, Math.ceil((options.sampleMs ?? 3) / once)));
  const points: GrowthPoint[] = [];
  for (const size of options.sizes) {
    const input = build(size);
    const samples: number[] = [];
    collectGarbage();
    for (let r = 0; r < repeats; r++) {
      const started = cpuMs();
      for (let l = 0; l < loops; l++) await work(input);
      samples.push((cpuMs() - started) / loops);
    }
    points.push({ size, cpuMs: median(samples) });
  }
  return { points, slope: slopeOf(points) };
}

/** For failure messages: "65536:3.1ms 131072:6.0ms …". */
export function describeGrowth(fit: GrowthFit): string {
  return `slope ${fit.slope.toFixed(2)}; ${fit.points.map((p) => `${p.size}:${p.cpuMs.toFixed(3)}ms`).join(' ')}`;
}
