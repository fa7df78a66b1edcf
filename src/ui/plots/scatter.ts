// The arithmetic behind ScatterPlot.svelte, kept free of DOM so that it can be unit-tested in Node and
// reasoned about at 100,000 points: scales, the training-density grid, brush → target range, picking.
import { scaleLinear, type ScaleLinear } from 'd3';

export type Scale = ScaleLinear<number, number>;
export type Range2 = { x: [number, number]; y: [number, number] };
export interface Margin { top: number; right: number; bottom: number; left: number }

export const SCATTER_DEFAULTS = {
  width: 480,
  height: 360,
  margin: { top: 14, right: 14, bottom: 40, left: 54 } as Margin,
  ticks: 5,
  /** Radius of an ordinary point, px. Small because 100k points must not become one blob. */
  radius: 1.6,
  highlightRadius: 3,
  selectedRadius: 6,
  /** Pixel size of a training-density cell. */
  cell: 6,
  /** Drags shorter than this (px, both directions) are clicks. */
  minBrush: 4,
  /** A click picks the nearest point within this distance (px). */
  pickRadius: 6,
  /** Extra room around the data extent, as a fraction of its span, so marks do not sit on the axes. */
  pad: 0.02,
  colors: {
    point: 'rgba(29, 111, 184, 0.55)',
    highlight: '#d9480f',
    selected: '#1b2733',
    /** Density is drawn in this grey with alpha growing with the count. */
    density: '91, 107, 122',
    box: '#1e7d45',
    brush: '#1d6fb8',
    axis: '#5b6b7a',
    text: '#1b2733',
  },
};

/** Finite [min, max] of values (nulls, NaN, ±Infinity skipped), or null when there are none. */
function finiteExtent(values: ArrayLike<number | null | undefined>): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

function dataDomain(values: ArrayLike<number | null | undefined>, pad: number): [number, number] {
  const e = finiteExtent(values);
  if (!e) return [0, 1];
  let [lo, hi] = e;
  if (lo === hi) {
    // one distinct value: give it a neighbourhood so it sits mid-plot instead of collapsing the scale
    const half = lo === 0 ? 1 : Math.abs(lo) * 0.5;
    return [lo - half, hi + half];
  }
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}

export interface ScatterScaleInput {
  xs: ArrayLike<number | null | undefined>;
  ys: ArrayLike<number | null | undefined>;
  width: number;
  height: number;
  margin: Margin;
  /** Fixed domain, used as given (no padding, no nice) so that axes can be held still across runs. */
  xDomain?: [number, number];
  yDomain?: [number, number];
}

export function scatterScales({ xs, ys, width, height, margin, xDomain, yDomain }: ScatterScaleInput): { x: Scale; y: Scale } {
  const make = (values: ArrayLike<number | null | undefined>, fixed: [number, number] | undefined, range: [number, number]) => {
    if (fixed && Number.isFinite(fixed[0]) && Number.isFinite(fixed[1]) && fixed[0] !== fixed[1]) {
      return scaleLinear().domain([Math.min(...fixed), Math.max(...fixed)]).range(range);
    }
    return scaleLinear().domain(dataDomain(values, SCATTER_DEFAULTS.pad)).range(range).nice();
  };
  return {
    x: make(xs, xDomain, [margin.left, width - margin.right]),
    // pixel y grows downwards, data y upwards
    y: make(ys, yDomain, [height - margin.bottom, margin.top]),
  };
}

export interface DensityGrid {
  cols: number;
  rows: number;
  /** Row-major counts, counts[row * cols + col]; row 0 is the top of the plot. */
  counts: Float32Array;
  max: number;
  /** Pixel position of cell (0, 0)'s top-left corner and the cell size, for drawing. */
  x0: number;
  y0: number;
  cell: number;
}

function pixelSpan(s: Scale): [number, number] {
  const [a, b] = s.range();
  return [Math.min(a, b), Math.max(a, b)];
}

/**
 * Bins points in pixel space over the plot rectangle. Points outside the scales' ranges are dropped rather
 * than piled onto the edge cells, which would draw a false dark rim.
 */
export function densityGrid(points: readonly { x: number; y: number }[], xScale: Scale, yScale: Scale, cell = SCATTER_DEFAULTS.cell): DensityGrid {
  const [xa, xb] = pixelSpan(xScale), [ya, yb] = pixelSpan(yScale);
  const cols = Math.max(1, Math.ceil((xb - xa) / cell)), rows = Math.max(1, Math.ceil((yb - ya) / cell));
  const counts = new Float32Array(cols * rows);
  let max = 0;
  for (const p of points) {
    const px = xScale(p.x), py = yScale(p.y);
    // NaN fails both comparisons, so non-finite inputs fall out here too
    if (!(px >= xa && px <= xb && py >= ya && py <= yb)) continue;
    const c = Math.min(cols - 1, Math.floor((px - xa) / cell));
    const r = Math.min(rows - 1, Math.floor((py - ya) / cell));
    const v = ++counts[r * cols + c];
    if (v > max) max = v;
  }
  return { cols, rows, counts, max, x0: xa, y0: ya, cell };
}

/**
 * Rounds to 3 significant digits at the magnitude of the axis (not of each value), so both ends of a range get
 * the same decimals: QED 0.857, logP 2.46, MW 313.
 */
export function roundForAxis(v: number, s: Scale): number {
  const [d0, d1] = s.domain();
  const mag = Math.max(Math.abs(d0), Math.abs(d1));
  const decimals = mag > 0 ? Math.max(0, Math.min(12, 3 - Math.ceil(Math.log10(mag)))) : 3;
  const r = Number(v.toFixed(decimals));
  return Object.is(r, -0) ? 0 : r;
}

const clamp = (v: number, [lo, hi]: [number, number]) => Math.min(hi, Math.max(lo, v));

/**
 * A brush rectangle in pixels → the data range it covers. Corners may come in any order; pixels past the plot
 * edge are clamped, because a target outside the shown domain is not what the user pointed at.
 */
export function brushToRange(x0px: number, y0px: number, x1px: number, y1px: number, xScale: Scale, yScale: Scale): Range2 {
  const xr = pixelSpan(xScale), yr = pixelSpan(yScale);
  const xa = xScale.invert(clamp(x0px, xr)), xb = xScale.invert(clamp(x1px, xr));
  const ya = yScale.invert(clamp(y0px, yr)), yb = yScale.invert(clamp(y1px, yr));
  return {
    x: [roundForAxis(Math.min(xa, xb), xScale), roundForAxis(Math.max(xa, xb), xScale)],
    y: [roundForAxis(Math.min(ya, yb), yScale), roundForAxis(Math.max(ya, yb), yScale)],
  };
}

/**
 * Index of the point nearest (px, py) within maxDist pixels, or -1. A linear scan: 100k points cost about a
 * millisecond per click, and a spatial index would have to be rebuilt on every rescale.
 * NaN coordinates (points without a value) never match.
 */
export function nearestPoint(px: number, py: number, xsPx: Float32Array, ysPx: Float32Array, maxDist: number): number {
  let best = -1, bestD = maxDist * maxDist;
  const n = Math.min(xsPx.length, ysPx.length);
  for (let i = 0; i < n; i++) {
    const dx = xsPx[i] - px, dy = ysPx[i] - py;
    const d = dx * dx + dy * dy;
    if (d <= bestD) { bestD = d; best = i; }
  }
  return best;
}
