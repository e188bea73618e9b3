/** Client: the trend cards, one per dataset × provider (× variant), three charts each. */
export const trendsJs = String.raw`
const METRICS = [
  { key: 'pass', label: 'Pass rate', max: 1, none: 'nothing ran', fmt: fmtPct, value: (p) => p.passRate, lower: (p) => p.lower, upper: (p) => p.upper },
  { key: 'p95', label: 'p95 latency', fmt: fmtMs, value: (p) => p.p95E2eMs, none: 'no timed response' },
  { key: 'cost', label: 'Cost', fmt: fmtUsd, value: (p) => p.costUsd, none: 'no known price' },
];

function seriesLabel(s) {
  return s.dataset + ' \u00b7 ' + s.provider + (s.variant ? ' \u00b7 ' + s.variant : '');
}

/** The latest point's pass rate and its change from the one before, in points. */
function latestChange(s) {
  const pts = s.points.filter((p) => isNum(p.passRate));
  if (!pts.length) return null;
  const last = pts[pts.length - 1];
  const prev = pts.length > 1 ? pts[pts.length - 2] : null;
  const text = fmtPct(last.passRate) + (isNum(last.lower) ? ' [' + fmtPct(last.lower) + ' \u2013 ' + fmtPct(last.upper) + ']' : '');
  if (!prev) return { text: text, kind: 'neutral', delta: '' };
  const d = (last.passRate - prev.passRate) * 100;
  const kind = d > 0.05 ? 'pass' : d < -0.05 ? 'fail' : 'neutral';
  return { text: text, kind: kind, delta: (d > 0.05 ? '\u25b2 +' : d < -0.05 ? '\u25bc ' : '\u00b1') + d.toFixed(1) + ' pts' };
}

function renderTrends(parent, data) {
  const section = sectionEl(parent, 'trends', 'Trends', 'Pass rate (95% interval band), p95 end-to-end latency and cost per run, oldest left. Hover a chart for the run and its commit; click to open its report.html.');
  const grid = add(section, el('div', 'series-grid')).lastChild;
  const cards = data.series.map((s, index) => {
    const card = el('div', 'card series-card');
    card.setAttribute('data-series', String(index));
    const head = add(el('div', 'series-head'), add(el('div', 'series-title'), el('h3', null, seriesLabel(s)), el('span', 'muted', s.model + ' \u00b7 ' + plural(s.points.length, 'run'))));
    const change = latestChange(s);
    if (change) add(head, add(el('div', 'series-latest'), el('b', null, change.text), change.delta ? badgeEl(change.delta, change.kind) : null));
    add(card, head);
    const charts = add(el('div', 'series-charts'));
    for (const metric of METRICS) add(charts, add(el('figure', 'trend'), el('figcaption', null, metric.label), trendChart(s, metric, data.runs)));
    add(grid, add(card, charts));
    return { series: s, node: card };
  });
  if (!cards.length) add(section, el('p', 'empty card', 'No dataset \u00d7 provider results in these runs.'));
  return cards;
}
`
