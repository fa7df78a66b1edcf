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
  colors: { point: '#1c7ed6', label: '#212529', cost: '#868e96', axis: '#868e96', text: '#212529' },
  fontSize: 11,
  ticks: 6,
  fontFamily: 'system-ui, sans-serif',
  xLabel: 'Internal diversity (IntDiv₁) →',
  yLabel: 'Hit rate →',
} as const;

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
  for (const p of points) {
    const label = shared ? p.label.slice(shared.length + 2) : p.label;
    const cx = X(p.intdiv), cy = Y(p.hitRate);
    // labels of points in the right quarter go to their left, so they stay inside the plot
    const left = cx > m.left + 0.75 * (width - m.left - m.right);
    const dx = left ? -(D.radius + 3) : D.radius + 3;
    const cost = `${formatSeconds(p.seconds)} · ${formatEnergy(p.joules)}`;
    out.push(
      `<g class="setting"><circle class="point" cx="${num(cx)}" cy="${num(cy)}" r="${D.radius}" fill="${c.point}"/>` +
        `<text x="${num(cx + dx)}" y="${num(cy)}" dy="-0.2em" text-anchor="${left ? 'end' : 'start'}" font-size="${D.fontSize}" fill="${c.label}">${escapeXml(label)}</text>` +
        `<text class="cost" x="${num(cx + dx)}" y="${num(cy)}" dy="1em" text-anchor="${left ? 'end' : 'start'}" font-size="${D.fontSize - 1}" fill="${c.cost}">${escapeXml(cost)}</text></g>`,
    );
  }
  out.push('</g>', '</svg>');
  return out.join('\n');
}
