// Pareto plot of two objectives as an SVG string: data → scales → marks, no DOM (in the manner of
// observablehq/plot), so it renders the same in a component, a worker, a test or an exported file.
// Coordinates are in the properties' own units; `senses` says which way is better on each axis.
import { extent, linearScale } from './scales';
import { axesSvg, escapeXml, fmtValue, num, svgOpen } from './svg';

export type PlotSense = 'max' | 'min' | 'target';

export interface ParetoPoint {
  x: number;
  y: number;
  /** Non-dominated rank over all the run's objectives; 1 = front. */
  rank: number;
  /** Written to data-id so the UI can link a click to its candidate. */
  id: string;
}

export interface ParetoPlotInput {
  points: readonly ParetoPoint[];
  /** The training set's front in the same two properties, drawn dashed for comparison. */
  trainingFront?: readonly { x: number; y: number }[];
  xLabel: string;
  yLabel: string;
  senses: { x: PlotSense; y: PlotSense };
  /** In the properties' units, i.e. already mapped back from the minimised space. */
  reference: { x: number; y: number };
  hypervolume: number;
  width?: number;
  height?: number;
  selectedId?: string;
}

export const PARETO_DEFAULTS = {
  width: 560,
  height: 400,
  margin: { top: 44, right: 28, bottom: 44, left: 56 },
  radius: { dominated: 2.5, front: 4, selected: 6 },
  colors: {
    dominated: '#adb5bd',
    front: '#d9480f',
    hypervolume: '#d9480f',
    training: '#1c7ed6',
    reference: '#212529',
    selected: '#000000',
    axis: '#868e96',
    text: '#212529',
  },
  hypervolumeOpacity: 0.08,
  fontSize: 11,
  ticks: 6,
  fontFamily: 'system-ui, sans-serif',
} as const;

const HINT = { x: { max: '→ better', min: '← better' }, y: { max: '↑ better', min: '↓ better' } } as const;

function axisTitle(label: string, sense: PlotSense, axis: 'x' | 'y'): string {
  return `${label} (${sense === 'target' ? 'target' : HINT[axis][sense]})`;
}

type XY = { x: number; y: number };

/**
 * The points' 2D attainment boundary, best-first in x: sorted so that the first point is best in x, keeping
 * only points that beat every earlier one in y. Rank-1 points of a front over more than two objectives can
 * dominate one another in this projection; the boundary ignores those, as the 2D hypervolume does.
 */
function staircase(points: readonly XY[], senses: ParetoPlotInput['senses']): XY[] {
  const sx = senses.x === 'max' ? -1 : 1, sy = senses.y === 'max' ? -1 : 1;
  const sorted = [...points].sort((a, b) => sx * (a.x - b.x) || sy * (a.y - b.y));
  const out: XY[] = [];
  for (const p of sorted) if (out.length === 0 || sy * p.y < sy * out[out.length - 1].y) out.push(p);
  return out;
}

/** Horizontal-then-vertical steps from each point to the next: the edge of the region the points dominate. */
function stepTail(steps: readonly XY[], X: (v: number) => number, Y: (v: number) => number): string {
  return steps.slice(1).map((p) => `H${num(X(p.x))}V${num(Y(p.y))}`).join('');
}

function stepPath(steps: readonly XY[], X: (v: number) => number, Y: (v: number) => number): string {
  return steps.length === 0 ? '' : `M${num(X(steps[0].x))},${num(Y(steps[0].y))}${stepTail(steps, X, Y)}`;
}

export function paretoSvg(input: ParetoPlotInput): string {
  const D = PARETO_DEFAULTS, c = D.colors, m = D.margin;
  const width = input.width ?? D.width, height = input.height ?? D.height;
  const { senses, reference: ref } = input;
  const points = input.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const training = (input.trainingFront ?? []).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const all = [...points, ...training, ref];
  const X = linearScale(extent(all.map((p) => p.x)), [m.left, width - m.right], { pad: 0.04 });
  const Y = linearScale(extent(all.map((p) => p.y)), [height - m.bottom, m.top], { pad: 0.04 });
  // A staircase means something only where both axes are monotone; with a target axis, join in x order.
  const monotone = senses.x !== 'target' && senses.y !== 'target';
  const front = points.filter((p) => p.rank === 1);

  const out: string[] = [svgOpen(width, height, 'pareto-plot', `Pareto plot of ${input.yLabel} against ${input.xLabel}`, D.fontFamily)];
  out.push(axesSvg(X, Y, axisTitle(input.xLabel, senses.x, 'x'), axisTitle(input.yLabel, senses.y, 'y'), m, width, height, {
    axisColor: c.axis, textColor: c.text, fontSize: D.fontSize, tickSize: 4, ticks: D.ticks,
  }));

  if (monotone) {
    // The shaded region is what the hypervolume measures: the front's boxes clipped at the reference.
    const better = (v: number, r: number, s: PlotSense) => (s === 'max' ? v > r : v < r);
    const inside = staircase(front.filter((p) => better(p.x, ref.x, senses.x) && better(p.y, ref.y, senses.y)), senses);
    if (inside.length > 0) {
      // from the reference's level up to the first point, along the steps, out to the reference's x
      const [x0, y0] = [num(X(inside[0].x)), num(Y(inside[0].y))];
      const d = `M${x0},${num(Y(ref.y))}V${y0}${stepTail(inside, X, Y)}H${num(X(ref.x))}V${num(Y(ref.y))}Z`;
      out.push(`<path class="hypervolume" d="${d}" fill="${c.hypervolume}" fill-opacity="${D.hypervolumeOpacity}" stroke="none"/>`);
    }
  }

  const line = (pts: readonly XY[]) =>
    monotone ? stepPath(staircase(pts, senses), X, Y) : [...pts].sort((a, b) => a.x - b.x).map((p, i) => `${i ? 'L' : 'M'}${num(X(p.x))},${num(Y(p.y))}`).join('');
  if (training.length > 0) {
    out.push(`<path class="training-front" d="${line(training)}" fill="none" stroke="${c.training}" stroke-width="1.5" stroke-dasharray="5 4"/>`);
  }

  const circle = (p: ParetoPoint, cls: string, r: number, fill: string, extra = '') =>
    `<circle class="point ${cls}" data-id="${escapeXml(p.id)}" data-rank="${p.rank}" cx="${num(X(p.x))}" cy="${num(Y(p.y))}" r="${r}" fill="${fill}"${extra}/>`;
  const selected = points.find((p) => p.id === input.selectedId);
  out.push(`<g class="dominated">`);
  for (const p of points) if (p.rank !== 1 && p !== selected) out.push(circle(p, 'dominated', D.radius.dominated, c.dominated));
  out.push(`</g>`);
  if (front.length > 0) out.push(`<path class="front-line" d="${line(front)}" fill="none" stroke="${c.front}" stroke-width="1.5"/>`);
  out.push(`<g class="front">`);
  for (const p of front) if (p !== selected) out.push(circle(p, 'front', D.radius.front, c.front));
  out.push(`</g>`);
  if (selected) {
    // drawn last so that it is on top; keeps its rank class so the UI can style it either way
    const cls = `${selected.rank === 1 ? 'front' : 'dominated'} selected`;
    out.push(circle(selected, cls, D.radius.selected, selected.rank === 1 ? c.front : c.dominated, ` stroke="${c.selected}" stroke-width="2"`));
  }

  const rx = num(X(ref.x)), ry = num(Y(ref.y));
  out.push(
    `<g class="reference" stroke="${c.reference}" stroke-width="1.5"><path d="M${num(X(ref.x) - 5)},${num(Y(ref.y) - 5)}l10,10m0,-10l-10,10"/>` +
      `<text x="${rx}" y="${ry}" dx="7" dy="-7" fill="${c.reference}" stroke="none" font-size="${D.fontSize}">ref</text></g>`,
  );
  // A narrow plot (the studio's side panel) gets the caption in fewer characters, from the left edge.
  const narrow = width < 420;
  const caption = narrow
    ? `Hypervolume ${fmtValue(input.hypervolume, 3)}, reference ${input.xLabel} ${fmtValue(ref.x, 3)}, ${input.yLabel} ${fmtValue(ref.y, 3)}`
    : `Hypervolume ${fmtValue(input.hypervolume)} (reference: ${input.xLabel} = ${fmtValue(ref.x)}, ${input.yLabel} = ${fmtValue(ref.y)})`;
  out.push(`<text class="caption" x="${num(narrow ? 4 : m.left)}" y="${num(m.top - 28)}" fill="${c.text}" font-size="${D.fontSize}">${escapeXml(caption)}</text>`);
  {
    // below the caption (long labels make the caption wide); grey dots are the run's other candidates
    const lx = narrow ? 4 : m.left, ly = m.top - 14;
    const dominated = (x: number) =>
      `<circle cx="${num(x + 4)}" cy="${num(ly)}" r="${D.radius.dominated}" fill="${c.dominated}"/><text x="${num(x + 10)}" y="${num(ly)}" dy="0.32em">dominated</text>`;
    out.push(
      `<g class="legend" font-size="${D.fontSize}" fill="${c.text}">` +
        `<line x1="${num(lx)}" y1="${num(ly)}" x2="${num(lx + 18)}" y2="${num(ly)}" stroke="${c.front}" stroke-width="1.5"/><text x="${num(lx + 22)}" y="${num(ly)}" dy="0.32em">front</text>` +
        (training.length > 0
          ? `<line x1="${num(lx + 60)}" y1="${num(ly)}" x2="${num(lx + 78)}" y2="${num(ly)}" stroke="${c.training}" stroke-width="1.5" stroke-dasharray="5 4"/><text x="${num(lx + 82)}" y="${num(ly)}" dy="0.32em">training set</text>` +
            dominated(lx + 160)
          : dominated(lx + 60)) +
        '</g>',
    );
  }
  out.push('</svg>');
  return out.join('\n');
}
