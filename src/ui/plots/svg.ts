// SVG markup helpers shared by the plot renderers. Everything that reaches the markup from data goes through
// escapeXml (names and SMILES may contain < > & " '), and every coordinate through num, so that the output
// is stable to the byte (golden snapshots) and free of 15-digit floats.
import type { LinearScale } from './scales';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A coordinate rounded to 2 decimals, without "-0". */
export function num(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** A data value for reading (captions, labels): 4 significant digits. */
export function fmtValue(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  const r = Number(v.toPrecision(digits));
  return Object.is(r, -0) ? '0' : String(r);
}

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface AxisStyle {
  axisColor: string;
  textColor: string;
  fontSize: number;
  tickSize: number;
  ticks: number;
}

/** Bottom x axis and left y axis with ticks, tick labels and axis titles. */
export function axesSvg(x: LinearScale, y: LinearScale, xLabel: string, yLabel: string, m: Margins, width: number, height: number, st: AxisStyle): string {
  const x0 = m.left, x1 = width - m.right, y0 = height - m.bottom, y1 = m.top;
  // x tick labels sit side by side: a narrow plot (the studio's side panel) gets fewer, so they never touch
  const nx = Math.max(2, Math.min(st.ticks, Math.floor((x1 - x0) / (5 * st.fontSize))));
  const fx = x.tickFormat(nx), fy = y.tickFormat(st.ticks);
  const text = `fill="${st.textColor}" stroke="none" font-size="${st.fontSize}"`;
  const xt = x.ticks(nx).map((v) => {
    const px = num(x(v));
    return `<line x1="${px}" y1="${num(y0)}" x2="${px}" y2="${num(y0 + st.tickSize)}"/><text x="${px}" y="${num(y0 + st.tickSize + st.fontSize)}" text-anchor="middle" ${text}>${escapeXml(fx(v))}</text>`;
  });
  const yt = y.ticks(st.ticks).map((v) => {
    const py = num(y(v));
    return `<line x1="${num(x0 - st.tickSize)}" y1="${py}" x2="${num(x0)}" y2="${py}"/><text x="${num(x0 - st.tickSize - 2)}" y="${py}" dy="0.32em" text-anchor="end" ${text}>${escapeXml(fy(v))}</text>`;
  });
  return [
    `<g class="axis x-axis" stroke="${st.axisColor}">`,
    `<line x1="${num(x0)}" y1="${num(y0)}" x2="${num(x1)}" y2="${num(y0)}"/>`,
    ...xt,
    `<text class="axis-label" x="${num((x0 + x1) / 2)}" y="${num(height - 4)}" text-anchor="middle" ${text}>${escapeXml(xLabel)}</text>`,
    `</g>`,
    `<g class="axis y-axis" stroke="${st.axisColor}">`,
    `<line x1="${num(x0)}" y1="${num(y0)}" x2="${num(x0)}" y2="${num(y1)}"/>`,
    ...yt,
    `<text class="axis-label" transform="translate(${num(st.fontSize)},${num((y0 + y1) / 2)}) rotate(-90)" text-anchor="middle" ${text}>${escapeXml(yLabel)}</text>`,
    `</g>`,
  ].join('\n');
}

/** The opening tag of a standalone SVG document (usable inline or saved as a file). */
export function svgOpen(width: number, height: number, className: string, ariaLabel: string, fontFamily: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="plot ${className}" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" role="img" aria-label="${escapeXml(ariaLabel)}" font-family="${escapeXml(fontFamily)}">`;
}
