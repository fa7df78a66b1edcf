// Linear scales for the plot renderers: data → pixels, pure. d3-scale does the arithmetic (nice domains,
// 1-2-5 ticks, their number format); this wrapper fixes the shape the renderers use and handles the
// degenerate domains (one value, no values) that d3 would map to the middle of the range or NaN.
import { scaleLinear } from 'd3';

export interface LinearScale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  /** Pixel → data value. */
  invert(pixel: number): number;
  /** About `count` round values inside the domain. */
  ticks(count?: number): number[];
  /** A formatter giving the tick values just enough decimals to tell them apart. */
  tickFormat(count?: number): (value: number) => string;
}

export interface ScaleOptions {
  /** Widen the domain to round tick values (d3's nice). */
  nice?: boolean;
  /** Fraction of the span added on each side, so that marks do not sit on the axes. */
  pad?: number;
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number], options: ScaleOptions = {}): LinearScale {
  let [lo, hi] = domain;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) {
    // one value: give it a unit-sized neighbourhood so it lands mid-plot with meaningful ticks
    const half = lo === 0 ? 1 : Math.abs(lo) * 0.5;
    [lo, hi] = [lo - half, hi + half];
  }
  const pad = (options.pad ?? 0) * (hi - lo);
  const s = scaleLinear().domain([lo - pad, hi + pad]).range([range[0], range[1]]);
  if (options.nice ?? true) s.nice();
  const [d0, d1] = s.domain() as [number, number];
  const scale = ((v: number) => s(v)) as LinearScale;
  return Object.assign(scale, {
    domain: [d0, d1] as const,
    range: [range[0], range[1]] as const,
    invert: (px: number) => s.invert(px),
    ticks: (count = 5) => s.ticks(count),
    tickFormat: (count = 5) => s.tickFormat(count),
  });
}

/** [min, max] of the finite values; [0, 1] when there are none. */
export function extent(values: Iterable<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}
