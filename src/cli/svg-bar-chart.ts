/**
 * A dependency-free SVG bar chart with interval whiskers (success rates with their 95 % intervals), so that
 * `residual-gym eval` can write a figure next to its JSON without pulling a plotting library.
 *
 * @module
 */

/** One bar: a value in [0, 1] with an interval. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/** Layout of the chart, px. */
const CHART = Object.freeze({
  barWidth_px: 56,
  gap_px: 28,
  plotHeight_px: 260,
  marginLeft_px: 56,
  marginTop_px: 40,
  marginBottom_px: 120,
  marginRight_px: 24,
});

function escapeXml(s: string): string {
  return s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
}

/** Renders `bars` as a standalone SVG document titled `title`, y axis from 0 to 100 %. */
export function svgBarChart(title: string, bars: readonly Bar[]): string {
  const { barWidth_px: bw, gap_px: gap, plotHeight_px: ph, marginLeft_px: ml, marginTop_px: mt } = CHART;
  const width = ml + bars.length * (bw + gap) + CHART.marginRight_px;
  const height = mt + ph + CHART.marginBottom_px;
  const y = (v: number) => mt + ph * (1 - Math.min(1, Math.max(0, v)));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
  ];
  for (let tick = 0; tick <= 100; tick += 20) {
    const ty = y(tick / 100);
    parts.push(
      `<line x1="${ml}" x2="${width - CHART.marginRight_px}" y1="${ty}" y2="${ty}" stroke="#ddd"/>`,
      `<text x="${ml - 6}" y="${ty + 4}" text-anchor="end">${tick}%</text>`,
    );
  }
  bars.forEach((bar, i) => {
    const x = ml + gap / 2 + i * (bw + gap);
    const cx = x + bw / 2;
    parts.push(
      `<rect x="${x}" y="${y(bar.value)}" width="${bw}" height="${ph * Math.min(1, Math.max(0, bar.value))}" fill="#4477aa"><title>${escapeXml(`${bar.label}: ${(100 * bar.value).toFixed(1)}% [${(100 * bar.low).toFixed(1)}, ${(100 * bar.high).toFixed(1)}]`)}</title></rect>`,
      `<line x1="${cx}" x2="${cx}" y1="${y(bar.low)}" y2="${y(bar.high)}" stroke="#222" stroke-width="1.5"/>`,
      `<line x1="${cx - 8}" x2="${cx + 8}" y1="${y(bar.low)}" y2="${y(bar.low)}" stroke="#222" stroke-width="1.5"/>`,
      `<line x1="${cx - 8}" x2="${cx + 8}" y1="${y(bar.high)}" y2="${y(bar.high)}" stroke="#222" stroke-width="1.5"/>`,
      `<text x="${cx}" y="${y(bar.value) - 6}" text-anchor="middle">${(100 * bar.value).toFixed(0)}%</text>`,
      `<text transform="translate(${cx + 4},${mt + ph + 10}) rotate(40)">${escapeXml(bar.label)}</text>`,
    );
  });
  parts.push(
    `<line x1="${ml}" x2="${ml}" y1="${mt}" y2="${mt + ph}" stroke="#222"/>`,
    `<text transform="translate(16,${mt + ph / 2}) rotate(-90)" text-anchor="middle">success (95% interval)</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}
