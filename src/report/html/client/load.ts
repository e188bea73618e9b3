/**
 * Client: the Load section of a bench load profile: throughput, goodput and quality goodput, and
 * p95 latency against the load level, one point per measurement, each provider's knee drawn as a
 * large diamond; then one table row per measurement (the knee's row marked). Drawn only when the
 * results have a `load` section.
 */
export const loadJs = String.raw`
/** The load levels in the order the results list them (each provider's in load order), as the x axis. */
function loadLevels(load) {
  const seen = [];
  load.measurements.forEach((m) => { if (seen.indexOf(m.label) < 0) seen.push(m.label); });
  return seen;
}

function loadProviders(load) {
  const seen = [];
  load.measurements.forEach((m) => { if (seen.indexOf(m.provider) < 0) seen.push(m.provider); });
  return seen;
}

/** One line per provider and metric over the levels; the knee's point drawn as a large diamond. */
function loadDataset(load, levels, provider, i, label, valueOf, dashed) {
  const rows = levels.map((l) => load.measurements.find((m) => m.provider === provider && m.label === l) || null);
  const c = paletteColor(i);
  return {
    label: shownText(label),
    data: rows.map((m) => (m && isNum(valueOf(m)) ? valueOf(m) : null)),
    borderColor: c,
    backgroundColor: withAlpha(c, 0.85),
    borderDash: dashed ? [6, 4] : [],
    tension: 0,
    spanGaps: true,
    pointStyle: rows.map((m) => (m && m.knee ? 'rectRot' : 'circle')),
    pointRadius: rows.map((m) => (m && m.knee ? 9 : 4)),
    pointHoverRadius: rows.map((m) => (m && m.knee ? 11 : 6)),
  };
}

function loadChart(levels, datasets, yTick, tooltipValue) {
  return {
    type: 'line',
    data: { labels: levels.map(shownText), datasets: datasets },
    options: {
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { title: { display: true, text: 'load level' }, ticks: { maxRotation: 0, autoSkip: false } },
        y: { beginAtZero: true, ticks: { callback: (v) => yTick(v) } },
      },
      plugins: {
        legend: { display: true, position: 'top', align: 'end' },
        tooltip: { callbacks: { label: (ctx) => ctx.dataset.label + ': ' + tooltipValue(ctx.raw) } },
      },
    },
  };
}

function renderLoad(parent, data) {
  const load = data.load;
  if (!load) return;
  const section = sectionEl(parent, 'load', 'Load', 'One point per measurement of the load profile; rates are per second over each measurement\u2019s first send \u2192 last end. \u25C6 marks each provider\u2019s knee.');
  const knees = el('div', 'load-knees');
  knees.id = 'load-knees';
  load.knees.forEach((k) => {
    const line = el('p', k.label === null ? 'muted' : null);
    add(line, el('strong', null, 'Knee of ' + k.provider + ': '), k.label === null ? k.reason : k.label + ' \u2014 ' + k.reason);
    add(knees, line);
  });
  add(knees, el('p', 'muted', load.slo ? 'Goodput: requests/s meeting ' + sloWords(load.slo) + '; quality goodput: those that also passed their matchers.' : load.goodputNote));
  add(section, knees);
  const levels = loadLevels(load);
  const providers = loadProviders(load);
  const many = providers.length > 1;
  const name = (p, what) => (many ? p + ' \u00b7 ' : '') + what;
  const grid = add(section, el('div', 'grid-charts')).lastChild;
  grid.id = 'load-charts';
  chartCard(grid, 'Throughput and goodput', 'requests/s', load.slo ? null : 'No slo option: goodput is not computed.', () => {
    const sets = [];
    providers.forEach((p, i) => {
      sets.push(loadDataset(load, levels, p, i, name(p, 'throughput'), (m) => m.requestsPerSecond, false));
      if (load.slo) sets.push(loadDataset(load, levels, p, i + 3, name(p, 'quality goodput'), (m) => m.qualityGoodput, true));
      if (load.slo) sets.push(loadDataset(load, levels, p, i + 6, name(p, 'goodput'), (m) => m.goodput, true));
    });
    return loadChart(levels, sets, (v) => fmtNum(v, 1), (v) => fmtNum(v, 2) + ' req/s');
  }, true);
  chartCard(grid, 'Latency p95', 'TTFT and E2E', null, () => {
    const sets = [];
    providers.forEach((p, i) => {
      sets.push(loadDataset(load, levels, p, i, name(p, 'E2E p95'), (m) => m.e2eMs.p95, false));
      sets.push(loadDataset(load, levels, p, i + 3, name(p, 'TTFT p95'), (m) => m.ttftMs.p95, true));
    });
    return loadChart(levels, sets, fmtMs, fmtMs);
  }, true);
  const columns = [
    { label: 'Provider' }, { label: 'Load' }, { label: 'Requests', num: true }, { label: 'Errors', num: true }, { label: 'Req/s', num: true },
    { label: 'Out tok/s', num: true }, { label: 'TTFT p50', num: true }, { label: 'TTFT p95', num: true }, { label: 'TPOT p50', num: true },
    { label: 'ITL p50', num: true }, { label: 'E2E p95', num: true }, { label: 'Queue p95', num: true }, { label: 'Peak in flight', num: true },
    { label: 'Goodput/s', num: true }, { label: 'Quality goodput/s', num: true },
  ];
  const table = tableEl(columns, load.measurements.map((m) => [
    m.provider, m.knee ? add(el('span'), m.label + ' ', badgeEl('knee', 'timeout')) : m.label, fmtInt(m.requests),
    m.errors ? fmtInt(m.errors) + ' (' + fmtPct(m.errorRate) + ')' : '0', fmtNum(m.requestsPerSecond, 2),
    fmtNum(m.outputTokensPerSecond, 1), fmtMs(m.ttftMs.p50), fmtMs(m.ttftMs.p95), fmtMs(m.tpotMs.p50),
    fmtMs(m.itlMs.p50), fmtMs(m.e2eMs.p95), fmtMs(m.queueMs.p95), fmtInt(m.peakConcurrency),
    fmtNum(m.goodput, 2), fmtNum(m.qualityGoodput, 2),
  ]), 'load-table');
  table.id = 'load-table';
  add(section, table);
}

function sloWords(slo) {
  const parts = [];
  if (isNum(slo.ttftMs)) parts.push('TTFT \u2264 ' + slo.ttftMs + ' ms');
  if (isNum(slo.tpotMs)) parts.push('TPOT \u2264 ' + slo.tpotMs + ' ms');
  if (isNum(slo.e2eMs)) parts.push('E2E \u2264 ' + slo.e2eMs + ' ms');
  return parts.join(', ');
}
`
