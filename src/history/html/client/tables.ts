/** Client: the model comparison (latest run of each provider/model) and the run list. */
export const tablesJs = String.raw`
function rateCell(row) {
  const cell = el('span', 'rate', fmtPct(row.passRate));
  if (isNum(row.lower)) add(cell, el('small', 'muted', ' [' + fmtPct(row.lower) + ' \u2013 ' + fmtPct(row.upper) + ']'));
  return cell;
}

function commitCell(run) {
  const code = el('code', 'mono', shortCommit(run));
  if (run.commit) code.title = shownText(run.commit + (run.branch ? ' on ' + run.branch : ''));
  return code;
}

function renderModels(parent, data) {
  const section = sectionEl(parent, 'models', 'Model comparison', 'Each provider/model as of the latest run it was in.');
  const columns = [{ label: 'Provider' }, { label: 'Model' }, { label: 'Pass rate [95%]', num: true }, { label: 'p50', num: true }, { label: 'p95', num: true }, { label: 'Cost', num: true }, { label: 'Cases', num: true }, { label: 'Latest run' }, { label: 'Commit' }];
  const rows = data.models.map((m) => {
    const run = data.runs[m.r];
    return [m.provider, m.model, rateCell(m), fmtMs(m.p50E2eMs), fmtMs(m.p95E2eMs), fmtUsd(m.costUsd), fmtInt(m.cases), runLink(run, run.id), commitCell(run)];
  });
  const wrap = tableEl(columns, rows, 'models-table');
  wrap.id = 'model-table';
  add(section, data.models.length ? wrap : el('p', 'empty card', 'No providers in these runs.'));
  const trs = Array.from(wrap.querySelectorAll('tbody tr'));
  return data.models.map((m, i) => ({ model: m, node: trs[i] }));
}

function renderRuns(parent, data) {
  const section = sectionEl(parent, 'runs', 'Runs', 'Newest first; a run id links to its report.html where the file exists.');
  const columns = [{ label: 'Run' }, { label: 'Started (UTC)' }, { label: 'Commit' }, { label: 'Branch' }, { label: 'Cases', num: true }, { label: 'Pass rate', num: true }];
  const order = data.runs.map((_, i) => data.runs.length - 1 - i);
  const rows = order.map((r) => {
    const run = data.runs[r];
    return [runLink(run, run.id), fmtTime(Date.parse(run.startedAt)), commitCell(run), run.branch || DASH, fmtInt(run.cases), fmtPct(run.passRate)];
  });
  const wrap = tableEl(columns, rows, 'runs-table');
  wrap.id = 'run-table';
  add(section, data.runs.length ? wrap : el('p', 'empty card', 'No finished runs yet.'));
  const trs = Array.from(wrap.querySelectorAll('tbody tr'));
  return order.map((r, i) => ({ r: r, node: trs[i] }));
}
`
