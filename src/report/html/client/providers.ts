/** Client: the providers compared, as a table and as charts. */
export const providersJs = String.raw`
function providerDot(i) {
  const dot = el('span', 'pdot');
  dot.style.background = paletteColor(i);
  return dot;
}

// interval: the rate's 95% interval (Stats.passRateInterval), drawn as an error bar over the bar; absent in older results
function passCell(rate, interval) {
  const bar = el('span', 'minibar');
  const fill = add(bar, el('span')).lastChild;
  fill.style.width = (isNum(rate) ? rate * 100 : 0) + '%';
  fill.style.background = rateColor(rate);
  if (!interval || !isNum(rate)) return add(el('span', 'bar-cell'), bar, el('span', null, fmtPct(rate)));
  const err = add(bar, el('span', 'errbar')).lastChild;
  err.style.left = interval.lower * 100 + '%';
  err.style.width = (interval.upper - interval.lower) * 100 + '%';
  const cell = add(el('span', 'bar-cell'), bar, el('span', null, fmtPct(rate) + ' ' + intervalPlusMinus(rate, interval)));
  cell.title = intervalText(interval);
  return cell;
}

// the larger side of the interval in points, as the terminal and summary.md show it
function intervalPlusMinus(rate, interval) {
  return '\u00b1' + (Math.max(rate - interval.lower, interval.upper - rate) * 100).toFixed(1);
}

function intervalText(interval) {
  return Math.round(interval.confidence * 100) + '% interval ' + (interval.lower * 100).toFixed(1) + '\u2013' + (interval.upper * 100).toFixed(1) + '% (' + interval.method + ')';
}

function breakdownTable(rows, firstLabel, detailLabel, withDots) {
  const columns = [
    { label: firstLabel }, { label: detailLabel }, { label: 'Cases', num: true }, { label: 'Pass rate', num: true },
    { label: 'E2E p50', num: true }, { label: 'E2E p95', num: true }, { label: 'TTFT p50', num: true }, { label: 'TTFT p95', num: true },
    { label: 'TPOT p50', num: true }, { label: 'Out tok/s', num: true }, { label: 'Out tokens', num: true }, { label: 'Cost', num: true },
    { label: 'Errors', num: true },
  ];
  return tableEl(columns, rows.map((b, i) => {
    const s = b.stats;
    // a long name (a GGUF path, a provider id with its server) is cut with an ellipsis, whole on hover
    const name = add(el('span', 'clip'), withDots ? providerDot(i) : null, b.label);
    name.title = shownText(b.label);
    const detail = el('span', 'clip', b.detail || DASH);
    if (b.detail) detail.title = shownText(b.detail);
    return [
      name, detail, fmtInt(s.cases), passCell(s.passRate, s.passRateInterval),
      fmtMs(s.e2eMs.p50), fmtMs(s.e2eMs.p95), fmtMs(s.ttftMs.p50), fmtMs(s.ttftMs.p95), fmtMs(s.tpotMs.p50),
      fmtNum(s.outputTokensPerSecond, 1), fmtCount(s.tokens.output),
      costText(s.cost), fmtInt(s.errored + s.timedOut),
    ];
  }), 'providers-table');
}

function costText(cost) {
  if (cost.known === 0) return cost.unknown ? 'unknown' : DASH;
  return fmtUsd(cost.total) + (cost.unknown ? ' + ' + cost.unknown + ' unpriced' : '');
}

function barChart(labels, datasets, yTick, tooltipLabel, extra) {
  const options = {
    scales: {
      x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkip: false, callback: function (v) { return axisLabel(String(this.getLabelForValue(v))); } } },
      y: { beginAtZero: true, ticks: { callback: (v) => yTick(v) } },
    },
    plugins: {
      legend: { display: datasets.length > 1, position: 'top', align: 'end' },
      tooltip: { callbacks: { label: (ctx) => tooltipLabel(ctx) } },
    },
  };
  if (extra) extra(options);
  return { type: 'bar', data: { labels: labels.map(shownText), datasets: datasets }, options: options };
}

function percentileChart(providers, metric) {
  return () => {
    const colors = percentileColors();
    return barChart(
      providers.map((p) => p.label),
      PERCENTILES.map((q, i) => ({ label: q, data: providers.map((p) => p.stats[metric][q]), backgroundColor: colors[i], maxBarThickness: 26 })),
      fmtMs,
      (ctx) => ctx.dataset.label + ': ' + fmtMs(ctx.raw) + ' (n = ' + fmtInt(providers[ctx.dataIndex].stats[metric].count) + ')',
    );
  };
}

function perProviderChart(providers, valueOf, yTick, label, extra) {
  return () => barChart(
    providers.map((p) => p.label),
    [{ data: providers.map(valueOf), backgroundColor: providers.map((_, i) => withAlpha(paletteColor(i), 0.85)), borderColor: providers.map((_, i) => paletteColor(i)), borderWidth: 1, maxBarThickness: 56 }],
    yTick,
    (ctx) => label(ctx.raw, providers[ctx.dataIndex]),
    extra,
  );
}

function renderProviders(parent, data) {
  const providers = data.providers;
  const section = sectionEl(parent, 'providers', 'Providers', 'Percentiles interpolate linearly between closest ranks; ITL is every gap between streamed chunks, pooled.');
  if (!providers.length) {
    add(section, el('p', 'muted', 'No case ran.'));
    return;
  }
  add(section, breakdownTable(providers, 'Provider', 'Model', true));
  if (data.models.length) {
    add(section, el('h3', null, 'By model')).lastChild.style.margin = '18px 0 10px';
    add(section, breakdownTable(data.models, 'Model', 'Providers', false));
  }
  const grid = add(section, el('div', 'grid-charts')).lastChild;
  grid.id = 'provider-charts';
  const unpriced = providers.reduce((t, p) => t + p.stats.cost.unknown, 0);
  chartCard(grid, 'Pass rate', 'passed / ran (skipped left out)', null,
    perProviderChart(providers, (p) => (isNum(p.stats.passRate) ? p.stats.passRate * 100 : null), (v) => v + '%',
      (v, p) => fmtPct(v / 100) + ' \u00b7 ' + p.stats.passed + ' passed of ' + (p.stats.passed + p.stats.failed + p.stats.errored + p.stats.timedOut),
      (o) => { o.scales.y.max = 100; }));
  chartCard(grid, 'Cost', 'USD', unpriced ? plural(unpriced, 'record') + ' without a known price are left out (not counted as $0).' : null,
    perProviderChart(providers, (p) => (p.stats.cost.known ? p.stats.cost.total : null), fmtUsd,
      (v, p) => fmtUsd(v) + (p.stats.cost.unknown ? ' + ' + p.stats.cost.unknown + ' unpriced' : '')));
  chartCard(grid, 'E2E latency', 'send \u2192 end of stream', null, percentileChart(providers, 'e2eMs'));
  chartCard(grid, 'Time to first token', 'send \u2192 first streamed chunk', providers.some((p) => !p.stats.ttftMs.count) ? 'Providers without streamed requests have no TTFT.' : null, percentileChart(providers, 'ttftMs'));
  chartCard(grid, 'Time per output token', '(E2E \u2212 TTFT) / (tokens \u2212 1)', null, percentileChart(providers, 'tpotMs'));
  chartCard(grid, 'Output throughput', 'output tokens / time in flight', null,
    perProviderChart(providers, (p) => p.stats.outputTokensPerSecond, (v) => fmtNum(v, 0),
      (v, p) => fmtNum(v, 1) + ' tok/s \u00b7 ' + fmtCount(p.stats.tokens.output) + ' tokens in ' + fmtDuration(p.stats.wallMs)));
}
`
