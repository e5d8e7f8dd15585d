/** A small SVG line chart of weekly precision per policy (for the README), without a plotting library. */

export interface PlotSeries {
  name: string;
  color: string;
  points: Array<{ week: number; value: number }>;
}

const WIDTH = 640;
const HEIGHT = 280;
const MARGIN = { left: 44, right: 150, top: 24, bottom: 34 };

function scale(series: readonly PlotSeries[]) {
  const weeks = series.flatMap((s) => s.points.map((p) => p.week));
  const minWeek = Math.min(...weeks);
  const maxWeek = Math.max(...weeks);
  const maxValue = Math.max(0.1, ...series.flatMap((s) => s.points.map((p) => p.value)));
  const top = Math.ceil(maxValue * 10) / 10;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  return {
    x: (week: number) => MARGIN.left + ((week - minWeek) / Math.max(1, maxWeek - minWeek)) * plotW,
    y: (value: number) => MARGIN.top + plotH - (value / top) * plotH,
    top,
    minWeek,
    maxWeek,
  };
}

function axes(s: ReturnType<typeof scale>): string[] {
  const lines: string[] = [];
  for (let v = 0; v <= s.top + 1e-9; v += s.top / 5) {
    const y = s.y(v).toFixed(1);
    lines.push(`<line x1="${MARGIN.left}" x2="${s.x(s.maxWeek)}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    lines.push(`<text x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dy="4">${v.toFixed(2)}</text>`);
  }
  for (let w = s.minWeek; w <= s.maxWeek; w += 10) {
    lines.push(
      `<text x="${s.x(w).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${w}</text>`,
    );
  }
  lines.push(
    `<text x="${(MARGIN.left + s.x(s.maxWeek)) / 2}" y="${HEIGHT - 4}" text-anchor="middle">week</text>`,
  );
  return lines;
}

/** Renders the series; `marker` draws a dashed vertical line with a label (e.g. the mid-year pattern's start). */
export function renderPrecisionPlot(
  title: string,
  series: readonly PlotSeries[],
  marker?: { week: number; label: string },
): string {
  const s = scale(series);
  const body = axes(s);
  if (marker) {
    const x = s.x(marker.week).toFixed(1);
    body.push(
      `<line x1="${x}" x2="${x}" y1="${MARGIN.top}" y2="${s.y(0)}" stroke="#888" stroke-dasharray="4 3"/>`,
    );
    body.push(`<text x="${x}" y="${MARGIN.top - 4}" text-anchor="middle">${marker.label}</text>`);
  }
  series.forEach((line, i) => {
    const d = line.points
      .map((p, j) => `${j ? 'L' : 'M'}${s.x(p.week).toFixed(1)} ${s.y(p.value).toFixed(1)}`)
      .join('');
    body.push(`<path d="${d}" fill="none" stroke="${line.color}" stroke-width="1.6"/>`);
    const ly = MARGIN.top + 16 + i * 18;
    body.push(
      `<line x1="${WIDTH - MARGIN.right + 10}" x2="${WIDTH - MARGIN.right + 28}" y1="${ly}" y2="${ly}" stroke="${line.color}" stroke-width="2"/>`,
    );
    body.push(`<text x="${WIDTH - MARGIN.right + 34}" y="${ly + 4}">${line.name}</text>`);
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${MARGIN.left}" y="14" font-size="12" font-weight="bold">${title}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
