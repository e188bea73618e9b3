/** Client: the header, the navigation, the overview cards and the warnings. */
export const overviewJs = String.raw`
function renderHeader(parent, data) {
  const run = data.run;
  const hero = el('header', 'hero');
  const wrap = add(hero, el('div', 'wrap')).lastChild;
  const left = el('div');
  add(left, add(el('div', 'brand'), el('span', 'brand-mark'), 'llm-test-bench report'));
  add(left, el('h1', null, run.runId));
  const started = Date.parse(run.startedAt);
  const ended = Date.parse(run.endedAt);
  const chips = el('div', 'chips');
  const chip = (label, value) => add(chips, add(el('span', 'chip'), label + ' ', el('b', null, value)));
  chip('project', run.project);
  chip('mode', run.mode);
  chip('started', fmtTime(started));
  chip('took', fmtDuration(ended - started));
  chip('providers', String(data.providers.length));
  chip('datasets', String(data.datasets.length));
  add(left, chips);
  const tone = run.reason === 'passed' ? 'ok' : run.reason === 'failed' ? 'bad' : 'warn';
  add(wrap, left, el('div', 'verdict ' + tone, run.reason));
  add(parent, hero);
}

function renderNav(parent, data) {
  const nav = el('nav', 'nav');
  const wrap = add(nav, el('div', 'wrap')).lastChild;
  const links = [['overview', 'Overview']];
  if (data.gates) links.push(['gates', 'Gates']);
  links.push(['providers', 'Providers']);
  if (data.comparison || data.pareto) links.push(['matrix', 'Side by side']);
  if (data.load) links.push(['load', 'Load']);
  links.push(['system', 'System'], ['datasets', 'Datasets'], ['cases', 'Cases']);
  links.forEach((l) => {
    const a = el('a', null, l[1]);
    a.href = '#' + l[0];
    add(wrap, a);
  });
  add(parent, nav);
}

function kpiEl(parent, label, value, unit, subs, tone, id) {
  const card = el('div', 'card kpi');
  if (id) card.id = id;
  if (tone) card.style.setProperty('--tone', tone);
  const v = el('div', 'value', value);
  if (unit) add(v, el('small', null, unit));
  add(card, el('div', 'label', label), v);
  (subs || []).forEach((s) => { if (s) add(card, s instanceof Node ? s : el('div', 'sub', s)); });
  add(parent, card);
  return card;
}

function statusBarEl(counts) {
  const total = STATUSES.reduce((t, s) => t + counts[s], 0);
  const bar = el('div', 'statusbar');
  const legend = el('div', 'legend');
  STATUSES.forEach((s) => {
    if (!counts[s]) return;
    const part = el('span', 'bg-' + s);
    part.style.width = (100 * counts[s] / total) + '%';
    part.title = s + ': ' + counts[s];
    add(bar, part);
    add(legend, add(el('span'), el('span', 'dot bg-' + s), fmtInt(counts[s]) + ' ' + s));
  });
  return add(el('div'), bar, legend);
}

function statusCounts(s) {
  return { passed: s.passed, failed: s.failed, error: s.errored, timeout: s.timedOut, skipped: s.skipped };
}

function renderOverview(parent, data) {
  const s = data.summary;
  const section = sectionEl(parent, 'overview', 'Overview', 'Latency as vLLM defines it: TTFT = send to first streamed chunk, E2E = send to end of stream, TPOT = (E2E \u2212 TTFT) / (output tokens \u2212 1).');
  const grid = add(section, el('div', 'kpis')).lastChild;
  const passTone = rateColor(s.passRate);
  const pass = kpiEl(grid, 'Pass rate', fmtPct(s.passRate), null, [
    statusBarEl(statusCounts(s)),
    'passed / ran \u00b7 skipped cases left out',
    s.passRateInterval && isNum(s.passRate) ? intervalPlusMinus(s.passRate, s.passRateInterval) + ' \u00b7 ' + intervalText(s.passRateInterval) : null,
  ], passTone, 'kpi-pass-rate');
  pass.classList.add('wide');
  kpiEl(grid, 'Cases', fmtInt(s.cases), null, [
    s.samples !== s.cases ? plural(s.samples, 'sample') + ' (records)' : null,
    plural(data.providers.length, 'provider') + ' \u00b7 ' + plural(data.datasets.length, 'dataset'),
    plural(s.retries, 'retry', 'retries') + ' \u00b7 ' + fmtInt(s.replayed) + ' replayed',
  ], null, 'kpi-cases');
  const classes = Object.keys(s.errorClasses).sort((a, b) => s.errorClasses[b] - s.errorClasses[a]);
  kpiEl(grid, 'Errors', fmtInt(s.errored + s.timedOut), null, [
    plural(s.errored, 'error') + ' \u00b7 ' + plural(s.timedOut, 'timeout'),
    classes.length ? classes.slice(0, 4).map((c) => c + ' \u00d7' + s.errorClasses[c]).join(', ') + (classes.length > 4 ? ', \u2026' : '') : 'no error classes',
    s.datasetFailures ? plural(s.datasetFailures, 'dataset file') + ' not loaded' : null,
  ], s.errored + s.timedOut + s.datasetFailures > 0 ? cssVar('--error') : cssVar('--passed'), 'kpi-errors');
  kpiEl(grid, 'E2E latency', fmtMs(s.e2eMs.p50), 'p50', [
    'p95 ' + fmtMs(s.e2eMs.p95) + ' \u00b7 p99 ' + fmtMs(s.e2eMs.p99),
    'n = ' + fmtInt(s.e2eMs.count) + ' \u00b7 max ' + fmtMs(s.e2eMs.max),
  ], null, 'kpi-e2e');
  kpiEl(grid, 'TTFT', fmtMs(s.ttftMs.p50), s.ttftMs.count ? 'p50' : null, s.ttftMs.count ? [
    'p95 ' + fmtMs(s.ttftMs.p95) + ' \u00b7 p99 ' + fmtMs(s.ttftMs.p99),
    'TPOT p50 ' + fmtMs(s.tpotMs.p50) + ' \u00b7 ITL p50 ' + fmtMs(s.itlMs.p50),
  ] : ['no streamed requests'], cssVar('--accent-2'), 'kpi-ttft');
  kpiEl(grid, 'Output throughput', fmtNum(s.outputTokensPerSecond, s.outputTokensPerSecond >= 100 ? 0 : 1), 'tok/s', [
    fmtNum(s.requestsPerSecond, 2) + ' req/s',
    'wall time ' + fmtDuration(s.wallMs),
  ], null, 'kpi-throughput');
  const j = data.judge;
  kpiEl(grid, 'Tokens', fmtCount(s.tokens.total), null, [
    'in ' + fmtCount(s.tokens.input) + ' \u00b7 out ' + fmtCount(s.tokens.output),
    s.tokens.recordsWithoutUsage ? plural(s.tokens.recordsWithoutUsage, 'record') + ' without token counts' : null,
    j ? 'judge: in ' + fmtCount(j.inputTokens) + ' \u00b7 out ' + fmtCount(j.outputTokens) + ' \u00b7 ' + plural(j.calls, 'call') + (j.judges.length ? ' (' + j.judges.join(', ') + ')' : '') : null,
  ], null, 'kpi-tokens');
  kpiEl(grid, 'Cost', s.cost.known === 0 && s.cost.unknown > 0 ? 'unknown' : fmtUsd(s.cost.total), s.cost.known ? 'USD' : null, [
    s.cost.unknown ? plural(s.cost.unknown, 'record') + ' with unknown price (not in the total)' : 'every price known',
    j ? 'judge: ' + (j.cost.known ? fmtUsd(j.cost.total) : 'unknown') + ' on top' + (j.cost.unknown && j.cost.known ? ' + ' + plural(j.cost.unknown, 'call') + ' unpriced' : '') : null,
  ], s.cost.unknown ? cssVar('--timeout') : null, 'kpi-cost');
  renderGpuKpi(grid, data.system);
  renderAlerts(section, data);
}

function renderGpuKpi(grid, system) {
  if (!system) {
    kpiEl(grid, 'GPU', 'n/a', null, ['no system samples in these results'], cssVar('--skipped'), 'kpi-gpu');
    return;
  }
  if (system.gpuUnavailable) {
    kpiEl(grid, 'GPU', 'n/a', null, [system.gpuUnavailable, 'host CPU avg ' + fmtPctValue(system.host.cpuPct.avg) + ' \u00b7 peak ' + fmtPctValue(system.host.cpuPct.peak)], cssVar('--skipped'), 'kpi-gpu');
    return;
  }
  const g = system.gpu;
  kpiEl(grid, 'GPU utilization', fmtPctValue(g.utilizationPct.avg), 'avg', [
    'peak ' + fmtPctValue(g.utilizationPct.peak) + ' \u00b7 ' + plural(system.gpus.length, 'GPU'),
    'memory peak ' + fmtMiB(g.memoryUsedMiB.peak) + (isNum(g.powerW.avg) ? ' \u00b7 ' + Math.round(g.powerW.avg) + ' W avg' : ''),
  ], cssVar('--passed'), 'kpi-gpu');
}

function renderAlerts(parent, data) {
  const items = [];
  const s = data.summary;
  if (data.run.reason === 'interrupted') items.push(['bad', 'The run was interrupted: the numbers cover only the cases that finished.']);
  data.datasetFailures.forEach((f) => items.push(['bad', 'Dataset not loaded: ' + f.file + ' \u2014 ' + f.message]));
  if (data.system) data.system.warnings.forEach((w) => items.push(['warn', w]));
  if (data.clientHealth && data.clientHealth.clientBound) items.push(['warn', data.clientHealth.line]);
  if (s.cost.unknown) items.push(['info', plural(s.cost.unknown, 'record') + ' had no known price: the cost total leaves them out (never counted as $0).']);
  if (s.tokens.recordsWithoutUsage) items.push(['info', plural(s.tokens.recordsWithoutUsage, 'record') + ' came back without token counts.']);
  if (!items.length) return;
  const list = el('div', 'alerts');
  list.id = 'warnings';
  items.forEach((item) => add(list, add(el('div', 'alert ' + item[0]), el('span', 'alert-icon', item[0] === 'info' ? 'i' : '!'), el('div', null, item[1]))));
  add(parent, list);
}
`
