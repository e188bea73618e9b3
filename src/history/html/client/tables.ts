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

/** Runs drawn at first; the rest when asked (1,000 rows are most of a large page's drawing time). */
const RUNS_SHOWN = 100;

function renderRuns(parent, data) {
  const section = sectionEl(parent, 'runs', 'Runs', 'Newest first; a run id links to its report.html where the file exists.');
  const columns = [{ label: 'Run' }, { label: 'Started (UTC)' }, { label: 'Commit' }, { label: 'Branch' }, { label: 'Cases', num: true }, { label: 'Pass rate', num: true }];
  const order = data.runs.map((_, i) => data.runs.length - 1 - i);
  const cells = (r) => {
    const run = data.runs[r];
    return [runLink(run, run.id), fmtTime(Date.parse(run.startedAt)), commitCell(run), run.branch || DASH, fmtInt(run.cases), fmtPct(run.passRate)];
  };
  const wrap = tableEl(columns, order.slice(0, RUNS_SHOWN).map(cells), 'runs-table');
  wrap.id = 'run-table';
  add(section, data.runs.length ? wrap : el('p', 'empty card', 'No finished runs yet.'));
  const view = { rows: Array.from(wrap.querySelectorAll('tbody tr')).map((node, i) => ({ r: order[i], node: node })), onMore: null };
  if (order.length > RUNS_SHOWN) {
    const more = el('button', 'more', 'Show all ' + plural(order.length, 'run'));
    more.id = 'runs-more';
    more.type = 'button';
    more.addEventListener('click', () => {
      // the rest of the rows, built the same way, moved into the table
      const extra = tableEl(columns, order.slice(RUNS_SHOWN).map(cells), 'runs-table');
      const body = wrap.querySelector('tbody');
      Array.from(extra.querySelectorAll('tbody tr')).forEach((node, i) => {
        body.appendChild(node);
        view.rows.push({ r: order[RUNS_SHOWN + i], node: node });
      });
      more.remove();
      if (view.onMore) view.onMore();
    });
    add(section, add(el('div', 'pager'), more));
  }
  return view;
}
`
