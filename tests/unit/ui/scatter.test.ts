import { describe, expect, it } from 'vitest';
import { scaleLinear } from 'd3';
import { render } from 'svelte/server';
import ScatterPlot from '../../../src/ui/plots/ScatterPlot.svelte';
import { SCATTER_DEFAULTS, brushToRange, densityGrid, nearestPoint, roundForAxis, scatterScales } from '../../../src/ui/plots/scatter';

const margin = SCATTER_DEFAULTS.margin;
const W = 480, H = 360;

// Plain scales with round numbers, so expected values can be worked out by hand:
// x: 0..10 → 50..450 px (40 px per unit), y: 0..1 → 350..50 px (300 px per unit, inverted).
const xS = scaleLinear().domain([0, 10]).range([50, 450]);
const yS = scaleLinear().domain([0, 1]).range([350, 50]);

describe('scatterScales', () => {
  it('ignores nulls, NaN and infinities when taking the extent', () => {
    const { x, y } = scatterScales({ xs: [1, null, NaN, 5, Infinity], ys: [0.2, 0.9, null, -Infinity, 0.4], width: W, height: H, margin });
    const [x0, x1] = x.domain(), [y0, y1] = y.domain();
    expect(Number.isFinite(x0) && Number.isFinite(x1) && Number.isFinite(y0) && Number.isFinite(y1)).toBe(true);
    expect(x0).toBeLessThanOrEqual(1 - 0.02 * 4);
    expect(x1).toBeGreaterThanOrEqual(5 + 0.02 * 4);
    expect(x1 - x0).toBeLessThan(8); // not stretched by the infinity
    expect(y0).toBeLessThanOrEqual(0.2);
    expect(y1).toBeGreaterThanOrEqual(0.9);
  });

  it('maps to the plot rectangle with y pointing up, and keeps a fixed domain as given', () => {
    const { x, y } = scatterScales({ xs: [], ys: [], width: W, height: H, margin, xDomain: [0, 1], yDomain: [10, -10] });
    expect(x.range()).toEqual([margin.left, W - margin.right]);
    expect(y.range()).toEqual([H - margin.bottom, margin.top]);
    expect(x.domain()).toEqual([0, 1]);
    expect(y.domain()).toEqual([-10, 10]);
  });

  it('survives no values and a single value', () => {
    const none = scatterScales({ xs: [null, NaN], ys: [], width: W, height: H, margin });
    expect(none.x.domain()).toEqual([0, 1]);
    const one = scatterScales({ xs: [3, 3], ys: [0, 0], width: W, height: H, margin });
    expect(one.x.domain()[0]).toBeLessThan(3);
    expect(one.x.domain()[1]).toBeGreaterThan(3);
    expect(one.y.domain()[0]).toBeLessThan(0);
  });
});

describe('brushToRange', () => {
  it('inverts pixels to data, y flipped', () => {
    // x 90..250 px → 1..5; y 320..110 px → 0.1..0.8
    expect(brushToRange(90, 320, 250, 110, xS, yS)).toEqual({ x: [1, 5], y: [0.1, 0.8] });
  });

  it('does not care which corner the drag started from', () => {
    const want = { x: [1, 5], y: [0.1, 0.8] };
    expect(brushToRange(250, 110, 90, 320, xS, yS)).toEqual(want); // right-to-left, top-to-bottom
    expect(brushToRange(250, 320, 90, 110, xS, yS)).toEqual(want); // right-to-left, bottom-to-top
    expect(brushToRange(90, 110, 250, 320, xS, yS)).toEqual(want);
  });

  it('rounds to 3 significant digits at the axis magnitude and clamps to the plot', () => {
    const r = brushToRange(91.3, 321.7, 251.6, 111.1, xS, yS);
    expect(r.x).toEqual([1.03, 5.04]); // 10-wide axis: 2 decimals
    expect(r.y).toEqual([0.094, 0.796]); // 1-wide axis: 3 decimals
    expect(brushToRange(0, 400, 1000, 0, xS, yS)).toEqual({ x: [0, 10], y: [0, 1] });
    const mw = scaleLinear().domain([100, 700]).range([0, 600]);
    expect(roundForAxis(312.7, mw)).toBe(313);
  });
});

describe('densityGrid', () => {
  it('counts every in-range point once and drops the rest', () => {
    const pts = [
      { x: 0, y: 0 }, { x: 10, y: 1 }, { x: 5, y: 0.5 }, { x: 5, y: 0.5 }, { x: 2.5, y: 0.25 },
      { x: -1, y: 0.5 }, { x: 5, y: 1.2 }, { x: NaN, y: 0.5 }, { x: 5, y: Infinity },
    ];
    const g = densityGrid(pts, xS, yS, 6);
    expect(g.cols).toBe(Math.ceil(400 / 6));
    expect(g.rows).toBe(Math.ceil(300 / 6));
    expect(g.counts.length).toBe(g.cols * g.rows);
    expect(g.counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(g.max).toBe(2);
    // the doubled point sits in the cell under its pixel position (250, 200)
    expect(g.counts[Math.floor((200 - 50) / 6) * g.cols + Math.floor((250 - 50) / 6)]).toBe(2);
  });

  it('takes 100,000 points', () => {
    let s = 1;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const pts = Array.from({ length: 100_000 }, () => ({ x: rand() * 12 - 1, y: rand() * 1.2 - 0.1 }));
    const inRange = pts.filter((p) => p.x >= 0 && p.x <= 10 && p.y >= 0 && p.y <= 1).length;
    const g = densityGrid(pts, xS, yS);
    expect(g.counts.reduce((a, b) => a + b, 0)).toBe(inRange);
    expect(g.max).toBeGreaterThan(0);
  });
});

describe('nearestPoint', () => {
  const xs = Float32Array.from([10, 50, 52, NaN, 200]);
  const ys = Float32Array.from([10, 50, 50, 51, 200]);

  it('finds the closest point within the distance', () => {
    expect(nearestPoint(51.4, 50, xs, ys, 6)).toBe(2);
    expect(nearestPoint(50.4, 50, xs, ys, 6)).toBe(1);
    expect(nearestPoint(12, 13, xs, ys, 6)).toBe(0);
  });

  it('returns -1 beyond maxDist and never picks a point without coordinates', () => {
    expect(nearestPoint(100, 100, xs, ys, 6)).toBe(-1);
    expect(nearestPoint(206, 206, xs, ys, 6)).toBe(-1); // 8.5 px away
    expect(nearestPoint(206, 206, xs, ys, 9)).toBe(4);
    expect(nearestPoint(NaN, 51, xs, ys, 6)).toBe(-1);
  });
});

describe('ScatterPlot (server render)', () => {
  // The canvas is painted in the browser only; this checks the markup the e2e tests and screen readers rely on.
  it('counts only drawable points and runs an unbounded box side to the plot edge', () => {
    const points = [{ id: 'a', x: 1, y: 0.5, highlight: true }, { id: 'b', x: null, y: 0.2 }, { id: 'c', x: 3, y: NaN }, { id: 'd', x: 3, y: 0.9 }];
    const { body } = render(ScatterPlot, {
      props: { points, background: [{ x: 0, y: 0 }, { x: 4, y: 1 }], xLabel: 'logP', yLabel: 'QED', box: { x: [2, Infinity] }, selectedId: 'd' },
    });
    expect(body).toContain('data-testid="scatter"');
    expect(body).toContain('data-testid="scatter-canvas"');
    expect(body).toContain('data-points="2"');
    expect(body).toMatch(/role="img" aria-label="Scatter plot of QED against logP: 2 points, 1 highlighted/);
    const box = body.match(/<rect data-testid="target-box" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/);
    expect(box).not.toBeNull();
    const [, x, y, w, h] = box!.map(Number);
    expect(x + w).toBeCloseTo(W - margin.right); // x unbounded above → right edge
    expect(y).toBeCloseTo(margin.top); // no y bounds → full height
    expect(y + h).toBeCloseTo(H - margin.bottom);
    expect(body).toContain('data-testid="selected-ring"');
  });

  it('draws no box without one', () => {
    const { body } = render(ScatterPlot, { props: { points: [], xLabel: 'a', yLabel: 'b' } });
    expect(body).not.toContain('target-box');
    expect(body).toContain('data-points="0"');
  });
});
