// Diversity–fidelity plot: one point per sampler setting (steps, guidance, teacher or student), internal
// diversity against hit rate, each labelled with what it cost. Pure: returns SVG markup, like pareto-plot.
import { formatEnergy } from '../../domain/energy/cost';
import type { DifiPoint } from '../../state/sweep.svelte';
import { extent, linearScale } from './scales';
import { axesSvg, escapeXml, num, svgOpen } from './svg';

export type { DifiPoint };

export interface DifiPlotInput {
  points: readonly DifiPoint[];
  /** The x axis's label (molecules: IntDiv₁; crystals: fingerprint diversity). */
  xLabel?: string;
  width?: number;
  height?: number;
}

export const DIFI_DEFAULTS = {
  width: 560,
  height: 400,
  margin: { top: 20, right: 24, bottom: 44, left: 56 },
  radius: 5,
  colors: { point: '#1c7ed6', label: '#212529', cost: '#868e96', axis: '#868e96', text: '#212529', background: '#ffffff' },
  fontSize: 11,
  ticks: 6,
  fontFamily: 'system-ui, sans-serif',
  xLabel: 'Internal diversity (IntDiv₁) →',
  yLabel: 'Hit rate →',
} as const;

/** A label's two lines (the setting, its cost) take this many font sizes of height; a character about this much width. */
const LINE_HEIGHTS = 2.3;
const CHAR_WIDTH = 0.55;

/**
 * Label heights that do not collide: each label is a block [x0, x1] × [y − h/2, y + h/2] anchored at its point's y.
 * Top to bottom, a block that overlaps one already placed (in both x and y) moves below it, then the column is
 * pulled back up if it ran past `bottom`; blocks never rise above `top`. Greedy, which is enough for a handful of
 * sweep points. Returns the y of each block, in input order.
 */
export function spreadLabels(boxes: readonly { x0: number; x1: number; y: number }[], h: number, top: number, bottom: number): number[] {
  const order = boxes.map((_, i) => i).sort((a, b) => boxes[a].y - boxes[b].y || a - b);
  const ys = boxes.map((b) => b.y);
  const placed: number[] = [];
  const hits = (i: number, j: number) => boxes[i].x0 < boxes[j].x1 && boxes[j].x0 < boxes[i].x1 && Math.abs(ys[i] - ys[j]) < h;
  for (const i of order) {
    ys[i] = Math.max(ys[i], top);
    // Each move is strictly down, to just below a placed block, so this ends: a block's y is one of the finitely
    // many placed y + h. (Floating point can leave (y + h) − y a hair under h; a "move" that does not move the
    // block must not count, or the loop never ends.)
    for (let moved = true; moved; ) {
      moved = false;
      for (const j of placed) {
        if (hits(i, j) && ys[j] + h > ys[i]) {
          ys[i] = ys[j] + h;
          moved = true;
        }
      }
    }
    placed.push(i);
  }
  // a column pushed past the bottom moves up as a whole (as far as the top allows)
  const over = Math.max(0, ...ys.map((y) => y - bottom));
  if (over > 0) {
    const moved = new Set(order.filter((i) => ys[i] !== boxes[i].y));
    for (const i of moved) ys[i] = Math.max(top, ys[i] - over);
  }
  return ys;
}

/** "350 ms", "12.3 s", "4.5 min". */
export function formatSeconds(s: number): string {
  if (s < 1) return `${Number((s * 1000).toPrecision(3))} ms`;
  if (s < 120) return `${Number(s.toPrecision(3))} s`;
  return `${Number((s / 60).toPrecision(3))} min`;
}

export function difiSvg(input: DifiPlotInput): string {
  const D = DIFI_DEFAULTS, c = D.colors, m = D.margin;
  const width = input.width ?? D.width, height = input.height ?? D.height;
  const points = input.points.filter((p) => Number.isFinite(p.intdiv) && Number.isFinite(p.hitRate));
  const X = linearScale(extent(points.map((p) => p.intdiv)), [m.left, width - m.right], { pad: 0.08 });
  const Y = linearScale(extent(points.map((p) => p.hitRate)), [height - m.bottom, m.top], { pad: 0.08 });

  const out: string[] = [svgOpen(width, height, 'difi-plot', 'Hit rate against internal diversity per sampler setting', D.fontFamily)];
  out.push(axesSvg(X, Y, input.xLabel ?? D.xLabel, D.yLabel, m, width, height, { axisColor: c.axis, textColor: c.text, fontSize: D.fontSize, tickSize: 4, ticks: D.ticks }));
  // Labels read "balanced (4 steps), guidance 5": when every point has the same sampler, it is said once, at the
  // top, and each point keeps only what differs (long labels overlap in the studio's narrow panel).
  const heads = points.map((p) => p.label.split(', ')[0]);
  const shared = points.length > 1 && points.every((p, i) => p.label.includes(', ') && heads[i] === heads[0]) ? heads[0] : null;
  if (shared) out.push(`<text class="caption" x="4" y="${num(D.fontSize)}" font-size="${D.fontSize}" fill="${c.text}">${escapeXml(shared)}</text>`);
  out.push('<g class="points">');
  const labels = points.map((p) => {
    const cx = X(p.intdiv), cy = Y(p.hitRate);
    // labels of points in the right quarter go to their left, so they stay inside the plot
    const left = cx > m.left + 0.75 * (width - m.left - m.right);
    const tx = cx + (left ? -(D.radius + 3) : D.radius + 3);
    const text = shared ? p.label.slice(shared.length + 2) : p.label;
    const cost = `${formatSeconds(p.seconds)} · ${formatEnergy(p.joules)}`;
    const w = Math.max(text.length, cost.length) * CHAR_WIDTH * D.fontSize;
    return { cx, cy, tx, left, text, cost, x0: left ? tx - w : tx, x1: left ? tx : tx + w };
  });
  const ys = spreadLabels(labels.map((l) => ({ x0: l.x0, x1: l.x1, y: l.cy })), LINE_HEIGHTS * D.fontSize, m.top + D.fontSize, height - m.bottom);
  // Points and leaders first, then every label over them with a halo of the background: a label that lands on
  // another setting's point stays readable.
  for (const [i, l] of labels.entries()) {
    const ty = ys[i];
    // a label moved off its point keeps a thin line to it
    const leader = Math.abs(ty - l.cy) > D.fontSize / 2 ? `<line class="leader" x1="${num(l.cx)}" y1="${num(l.cy)}" x2="${num(l.tx)}" y2="${num(ty)}" stroke="${c.cost}" stroke-width="0.75"/>` : '';
    out.push(`<g class="setting"><circle class="point" cx="${num(l.cx)}" cy="${num(l.cy)}" r="${D.radius}" fill="${c.point}"/>${leader}</g>`);
  }
  const halo = `stroke="${c.background}" stroke-width="3" stroke-linejoin="round" paint-order="stroke"`;
  for (const [i, l] of labels.entries()) {
    const ty = ys[i];
    const anchor = l.left ? 'end' : 'start';
    out.push(
      `<g class="label"><text x="${num(l.tx)}" y="${num(ty)}" dy="-0.2em" text-anchor="${anchor}" font-size="${D.fontSize}" fill="${c.label}" ${halo}>${escapeXml(l.text)}</text>` +
        `<text class="cost" x="${num(l.tx)}" y="${num(ty)}" dy="1em" text-anchor="${anchor}" font-size="${D.fontSize - 1}" fill="${c.cost}" ${halo}>${escapeXml(l.cost)}</text></g>`,
    );
  }
  out.push('</g>', '</svg>');
  return out.join('\n');
}
