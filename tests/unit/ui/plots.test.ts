// Plot renderers: golden SVG files (tests/unit/ui/__snapshots__/), escaping, classes the UI relies on.
import { describe, expect, it } from 'vitest';
import { difiSvg, spreadLabels, type DifiPoint } from '../../../src/ui/plots/difi-plot';
import { paretoSvg, type ParetoPlotInput } from '../../../src/ui/plots/pareto-plot';
import { extent, linearScale } from '../../../src/ui/plots/scales';
import { escapeXml, num } from '../../../src/ui/plots/svg';

// The hand fixture of pareto.test.ts (both minimised, reference (6,6), hypervolume 17) plus a candidate
// whose id tries to inject markup.
const PARETO: ParetoPlotInput = {
  points: [
    { x: 1, y: 5, rank: 1, id: 'a' },
    { x: 2, y: 3, rank: 1, id: 'b' },
    { x: 3, y: 4, rank: 2, id: 'c' },
    { x: 4, y: 1, rank: 1, id: '<script>alert("x")</script>' },
    { x: 5, y: 5, rank: 3, id: 'e' },
  ],
  trainingFront: [{ x: 1.5, y: 5.5 }, { x: 3, y: 3.5 }, { x: 5, y: 2 }],
  xLabel: 'SA score',
  yLabel: 'MW / 100 <b>',
  senses: { x: 'min', y: 'min' },
  reference: { x: 6, y: 6 },
  hypervolume: 17,
  width: 480,
  height: 360,
  selectedId: 'c',
};

const DIFI: DifiPoint[] = [
  { label: 'teacher, 50 steps', intdiv: 0.874, hitRate: 0.412, seconds: 12.34, joules: 185.1 },
  { label: 'student k=4', intdiv: 0.861, hitRate: 0.388, seconds: 1.21, joules: 18.15 },
  { label: 'student k=1', intdiv: 0.842, hitRate: 0.301, seconds: 0.35, joules: 5.25 },
  { label: '<script>alert(1)</script>', intdiv: 0.9, hitRate: 0.2, seconds: 3.86, joules: 57.9 },
];

const idsWithClass = (svg: string, cls: string) =>
  [...svg.matchAll(/<circle class="point ([^"]*)" data-id="([^"]*)"/g)].filter((m) => m[1].split(' ').includes(cls)).map((m) => m[2]);

function expectWellFormed(svg: string) {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.endsWith('</svg>')).toBe(true);
  expect(svg.match(/<g[ >]/g)?.length).toBe(svg.match(/<\/g>/g)?.length);
  // every number inside an attribute has at most 2 decimals
  expect(svg.match(/="[^"]*\d\.\d{3}/)).toBeNull();
}

describe('escapeXml / num', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
  });
  it('rounds to 2 decimals without -0', () => {
    expect(num(1.23456)).toBe('1.23');
    expect(num(-0.001)).toBe('0');
    expect(num(40)).toBe('40');
  });
});

describe('linearScale', () => {
  it('maps, inverts and ticks', () => {
    const s = linearScale([0, 10], [100, 200]);
    expect(s(5)).toBe(150);
    expect(s.invert(120)).toBe(2);
    expect(s.ticks(5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(linearScale([0.13, 0.87], [0, 1]).domain).toEqual([0.1, 0.9]);
  });
  it('gives a single value or no value a usable domain', () => {
    const one = linearScale([3, 3], [0, 100]);
    expect(one(3)).toBe(50);
    expect(extent([])).toEqual([0, 1]);
    expect(extent([2, NaN, -1, Infinity])).toEqual([-1, 2]);
  });
});

describe('paretoSvg', () => {
  const svg = paretoSvg(PARETO);
  it('matches the golden file', async () => {
    await expect(svg).toMatchFileSnapshot('./__snapshots__/pareto.svg');
  });
  it('is well formed with rounded coordinates', () => expectWellFormed(svg));
  it('escapes ids and labels', () => {
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('data-id="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"');
    expect(svg).toContain('MW / 100 &lt;b&gt;');
  });
  it('highlights the front, greys the rest and marks the selection', () => {
    expect(idsWithClass(svg, 'front').sort()).toEqual(['&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;', 'a', 'b']);
    expect(idsWithClass(svg, 'dominated').sort()).toEqual(['c', 'e']);
    expect(idsWithClass(svg, 'selected')).toEqual(['c']);
    expect(svg.match(/data-id=/g)?.length).toBe(PARETO.points.length);
  });
  it('draws the front as steps, the training front dashed, the reference and the hypervolume caption', () => {
    expect(svg).toMatch(/<path class="front-line" d="M[\d.]+,[\d.]+H[\d.]+V[\d.]+H[\d.]+V[\d.]+"/);
    expect(svg).toMatch(/<path class="training-front" [^>]*stroke-dasharray/);
    expect(svg).toContain('<path class="hypervolume"');
    expect(svg).toContain('<g class="reference"');
    expect(svg).toContain('Hypervolume 17 (reference: SA score = 6, MW / 100 &lt;b&gt; = 6)');
    expect(svg).toContain('SA score (← better)');
  });
  it('drawn as narrow as the studio\'s side panel, says the same in fewer characters', () => {
    const narrow = paretoSvg({ ...PARETO, width: 300, height: 225 });
    expect(narrow).toContain('width="300"');
    expect(narrow).toContain('Hypervolume 17, reference SA score 6, MW / 100 &lt;b&gt; 6');
  });
  it('joins the front in x order when an axis has a target, with no hypervolume region', async () => {
    // maximise x, y towards 3: minimised (−x, |y − 3|) gives a (−1,2), b (−2,0), c (−3,1), d (−4,2), e (−5,2),
    // so b, c, e are the front; d is dominated by e only (rank 2); a by d and e (rank 3)
    const ranks = [3, 1, 1, 2, 1];
    const points = PARETO.points.map((p, i) => ({ ...p, rank: ranks[i] }));
    const t = paretoSvg({ ...PARETO, points, senses: { x: 'max', y: 'target' }, trainingFront: undefined, selectedId: undefined, hypervolume: 3 });
    expectWellFormed(t);
    expect(t).not.toContain('class="hypervolume"');
    expect(t).toMatch(/<path class="front-line" d="M[\d.]+,[\d.]+L[\d.]+,[\d.]+L/);
    expect(t).toContain('SA score (→ better)');
    await expect(t).toMatchFileSnapshot('./__snapshots__/pareto-target.svg');
  });
  it('draws max/max fronts as steps towards the upper right', () => {
    const m = paretoSvg({
      points: [{ x: 5, y: 1, rank: 1, id: 'p' }, { x: 4, y: 3, rank: 1, id: 'q' }, { x: 1, y: 5, rank: 1, id: 'r' }],
      xLabel: 'QED', yLabel: 'logP', senses: { x: 'max', y: 'max' }, reference: { x: 0, y: 0 }, hypervolume: 16,
    });
    // from (5,1) left to x=4, up to y=3, left to x=1, up to y=5 (pixels: x left = smaller, y up = smaller)
    const d = m.match(/class="front-line" d="([^"]*)"/)![1];
    const nums = d.match(/[\d.]+/g)!.map(Number);
    const [x0, y0, x1, y1, x2, y2] = nums;
    expect(x1).toBeLessThan(x0);
    expect(y1).toBeLessThan(y0);
    expect(x2).toBeLessThan(x1);
    expect(y2).toBeLessThan(y1);
  });
});

describe('difiSvg', () => {
  const svg = difiSvg({ points: DIFI, width: 480, height: 360 });
  it('matches the golden file', async () => {
    await expect(svg).toMatchFileSnapshot('./__snapshots__/difi.svg');
  });
  it('is well formed, labels every setting with time and energy, and escapes labels', () => {
    expectWellFormed(svg);
    expect(svg.match(/<circle class="point"/g)?.length).toBe(DIFI.length);
    expect(svg).toContain('12.3 s · 185 J');
    expect(svg).toContain('350 ms · 5.25 J');
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
  it('says a sampler all points share once, at the top, and labels each point by what differs', () => {
    const same = difiSvg({ points: [0, 5].map((w, i) => ({ label: `balanced (4 steps), guidance ${w}`, intdiv: 0.85 + i / 100, hitRate: 0.7, seconds: 2, joules: 30 })), width: 300, height: 225 });
    expect(same.match(/balanced \(4 steps\)/g)?.length).toBe(1);
    expect(same).toContain('>guidance 0<');
    expect(same).toContain('>guidance 5<');
  });
  it('moves labels of points that sit close together apart, each with a line back to its point', () => {
    // five within a pixel or two of each other, and one far off that sets the scales
    const points = [1, 2, 3, 4, 5].map((w) => ({ label: `guidance ${w}`, intdiv: 0.85 + w / 10000, hitRate: 0.6 + w / 10000, seconds: 2, joules: 30 }));
    const close = difiSvg({ points: [...points, { label: 'guidance 9', intdiv: 0.95, hitRate: 0.1, seconds: 2, joules: 30 }], width: 300, height: 225 });
    const ys = [...close.matchAll(/<text x="[\d.]+" y="([\d.]+)" dy="-0.2em"/g)].map((m) => Number(m[1])).sort((a, b) => a - b).slice(0, 5);
    for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(2.3 * 11 - 1e-9);
    expect(close.match(/<line class="leader"/g)?.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...ys)).toBeLessThanOrEqual(225 - 44);
  });
  it('draws every label after every point, haloed, so no point covers a label', () => {
    const lastPoint = svg.lastIndexOf('<circle class="point"');
    const firstLabel = svg.indexOf('<g class="label">');
    expect(firstLabel).toBeGreaterThan(lastPoint);
    expect(svg.match(/<g class="label"><text [^>]*paint-order="stroke"/g)?.length).toBe(DIFI.length);
  });
  it('spreadLabels leaves blocks that do not collide where they are, and keeps moved ones inside', () => {
    expect(spreadLabels([{ x0: 0, x1: 10, y: 50 }, { x0: 20, x1: 30, y: 50 }, { x0: 0, x1: 10, y: 100 }], 20, 0, 200)).toEqual([50, 50, 100]);
    expect(spreadLabels([{ x0: 0, x1: 10, y: 50 }, { x0: 5, x1: 15, y: 55 }], 20, 0, 200)).toEqual([50, 70]);
    // a block placed exactly h below another (6.77 + 25.3 − 6.77 is a hair under 25.3 in floating point) ends
    expect(spreadLabels([{ x0: 0, x1: 10, y: 6.7699999999999 }, { x0: 0, x1: 10, y: 6.7699999999999 }, { x0: 0, x1: 10, y: 7 }], 2.3 * 11, 0, 400)).toHaveLength(3);
    // pushed past the bottom (60): the moved block goes back up as far as needed
    expect(spreadLabels([{ x0: 0, x1: 10, y: 50 }, { x0: 0, x1: 10, y: 50 }], 20, 0, 60)).toEqual([50, 60]);
  });
});
