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

/**
 * The latest point's pass rate, and its change from the run before in points.
 * Marked ▼ regressed / ▲ improved only when the paired test on the cases both
 * runs ran says so (p < 0.05, the index's verdict); otherwise the change is
 * shown plain, with its p value when known.
 */
function latestChange(s) {
  const pts = s.points.filter((p) => isNum(p.passRate));
  if (!pts.length) return null;
  const last = pts[pts.length - 1];
  const prev = pts.length > 1 ? pts[pts.length - 2] : null;
  const text = fmtPct(last.passRate) + (isNum(last.lower) ? ' [' + fmtPct(last.lower) + ' \u2013 ' + fmtPct(last.upper) + ']' : '');
  if (!prev) return { text: text, kind: 'neutral', delta: '', title: '' };
  const d = (last.passRate - prev.passRate) * 100;
  const pts1 = (d > 0 ? '+' : d < 0 ? '\u2212' : '\u00b1') + Math.abs(d).toFixed(1) + ' pts';
  const c = s.latestChange;
  const title = c ? 'paired on ' + plural(c.overlapping, 'case') + ': ' + c.newlyFailing + ' newly failing, ' + c.newlyPassing + ' newly passing, mid-p McNemar p = ' + c.pValue.toPrecision(2) : 'no paired test (cases not indexed)';
  if (c && c.verdict === 'regressed') return { text: text, kind: 'fail', delta: '\u25bc regressed ' + pts1, title: title };
  if (c && c.verdict === 'improved') return { text: text, kind: 'pass', delta: '\u25b2 improved ' + pts1, title: title };
  return { text: text, kind: 'neutral', delta: pts1 + (c ? ' (p = ' + c.pValue.toPrecision(2) + ')' : ''), title: title };
}

function renderTrends(parent, data) {
  const section = sectionEl(parent, 'trends', 'Trends', 'Pass rate (95% interval band), p95 end-to-end latency and cost per run, oldest left. Hover a chart for the run and its commit; click to open its report.html.');
  const grid = add(section, el('div', 'series-grid')).lastChild;
  const cards = data.series.map((s, index) => {
    const card = el('div', 'card series-card');
    card.setAttribute('data-series', String(index));
    const head = add(el('div', 'series-head'), add(el('div', 'series-title'), el('h3', null, seriesLabel(s)), el('span', 'muted', s.model + ' \u00b7 ' + plural(s.points.length, 'run'))));
    const change = latestChange(s);
    if (change) {
      const badge = change.delta ? badgeEl(change.delta, change.kind) : null;
      if (badge && change.title) badge.title = shownText(change.title);
      add(head, add(el('div', 'series-latest'), el('b', null, change.text), badge));
    }
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
