/**
 * Client: the matrix (rows: dataset › case; columns: variant × provider; a
 * cell: pass/fail, score and the output cut short), its "only where they
 * differ" filter, the comparison table with intervals and paired verdicts,
 * and the side-by-side view of one case. A large run's light rows carry each
 * output's fingerprint, so the filter needs no case file; a page of the
 * matrix loads only the case files its rows are in.
 */
export const matrixJs = String.raw`
const MATRIX_PAGE = 25;
const MATRIX_OUTPUT_CHARS = 160;
/** Opens one case's side-by-side view: set by renderMatrix, called from a case's detail. */
let openSideBySide = null;

/** 32-bit FNV-1a of the UTF-16 code units, as the report's writer computes it (output-fingerprint.ts). */
function outputFingerprint(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function caseFingerprint(c) {
  if (c.output === null) return null;
  if (c.light) return c.outputFp === undefined ? null : c.outputFp;
  if (c.outputFp === undefined) c.outputFp = outputFingerprint(c.output);
  return c.outputFp;
}

function cutText(s, n) { return s.length > n ? s.slice(0, n - 1) + '\u2026' : s; }

/** Columns (variant × provider, in the comparison table's order) and rows (cases) with each cell's case indices. */
function matrixModel(data) {
  const builder = matrixBuilder(data);
  builder.add(0, data.cases.length);
  return builder.finish();
}

/** The matrix model a slice of cases at a time (add(from, to) over data.cases), then finish(). */
function matrixBuilder(data) {
  const S = data.strings;
  const cases = data.cases;
  const colIndex = new Map();
  const columns = [];
  const rowIndex = new Map();
  const rows = [];
  const add = (from, to) => {
    for (let i = from; i < to; i++) {
      const c = cases[i];
      const v = c.variantIx === undefined ? -1 : c.variantIx;
      const ck = v + ':' + c.providerIx;
      let col = colIndex.get(ck);
      if (col === undefined) {
        col = columns.length;
        colIndex.set(ck, col);
        columns.push({ label: v >= 0 ? S[v] + ' \u00b7 ' + S[c.providerIx] : S[c.providerIx] });
      }
      const rk = c.datasetIx + '\u0000' + c.caseId;
      let row = rowIndex.get(rk);
      if (row === undefined) {
        row = { key: rk, datasetIx: c.datasetIx, caseId: c.caseId, cells: [] };
        rowIndex.set(rk, row);
        rows.push(row);
      }
      (row.cells[col] || (row.cells[col] = [])).push(i);
    }
  };
  const finish = () => {
    const order = (data.comparison || []).map((c) => c.label);
    const rank = (label) => { const k = order.indexOf(label); return k < 0 ? order.length : k; };
    const perm = columns.map((_, k) => k).sort((a, b) => rank(columns[a].label) - rank(columns[b].label) || a - b);
    rows.forEach((row) => { row.cells = perm.map((k) => row.cells[k] || null); });
    return { columns: perm.map((k) => columns[k]), rows: rows, rowIndex: rowIndex };
  };
  return { add: add, finish: finish };
}

/** The matrix model built MATRIX_STEP cases per task (a large run's 100,000 at once is a long task), then done(model). */
const MATRIX_STEP = 20000;
function matrixModelInSteps(data, done) {
  const builder = matrixBuilder(data);
  const n = data.cases.length;
  const step = (from) => {
    const to = Math.min(n, from + MATRIX_STEP);
    builder.add(from, to);
    if (to < n) setTimeout(() => step(to), 0);
    else done(builder.finish());
  };
  step(0);
}

/** A cell's samples summed: its state (pass, fail, error, skipped, k/N), counts, the mean score over them (null without one) and the case shown (the first that ran). */
function cellSummary(cases, list) {
  if (!list) return { state: 'none', passes: 0, trials: 0, score: null, shown: -1 };
  let passes = 0;
  let trials = 0;
  let errors = 0;
  let scoreSum = 0;
  let scored = 0;
  let shown = -1;
  list.forEach((i) => {
    const c = cases[i];
    if (c.status === 'skipped') return;
    trials++;
    if (c.status === 'passed') passes++;
    if (c.status === 'error' || c.status === 'timeout') errors++;
    if (isNum(c.score)) { scoreSum += c.score; scored++; }
    if (shown < 0) shown = i;
  });
  const state = trials === 0 ? 'skipped' : passes === trials ? 'pass' : errors === trials ? 'error' : passes === 0 ? 'fail' : passes + '/' + trials;
  return { state: state, passes: passes, trials: trials, score: scored ? scoreSum / scored : null, shown: shown < 0 ? list[0] : shown };
}

/** Whether a row's columns disagree: on the outcome, or (withOutput) on the output shown. */
function matrixRowDiffers(cases, row, withOutput) {
  let first = null;
  for (let k = 0; k < row.cells.length; k++) {
    const s = cellSummary(cases, row.cells[k]);
    const key = s.state + (withOutput ? '|' + (s.shown < 0 ? 'none' : caseFingerprint(cases[s.shown])) : '');
    if (k === 0) first = key;
    else if (key !== first) return true;
  }
  return false;
}

function stateBadge(s, c) {
  if (s.state === 'none') return badgeEl('not run', 'skipped');
  if (s.trials > 1) return badgeEl(s.passes + '/' + s.trials + ' passed', s.state === 'pass' ? 'passed' : s.state === 'fail' ? 'failed' : s.state === 'error' ? 'error' : 'timeout');
  return badgeEl(c.status, c.status);
}

/** A pass rate with its interval as text and a small error bar. */
function intervalEl(r) {
  const box = el('span', 'interval');
  if (!isNum(r.estimate)) return add(box, DASH);
  const bar = add(box, el('span', 'ebar')).lastChild;
  const range = add(bar, el('span', 'range')).lastChild;
  range.style.left = (r.lower * 100) + '%';
  range.style.width = Math.max(0.5, (r.upper - r.lower) * 100) + '%';
  const point = add(bar, el('span', 'point')).lastChild;
  point.style.left = (r.estimate * 100) + '%';
  add(box, el('span', null, fmtPct(r.estimate) + ' (' + fmtPct(r.lower) + '\u2013' + fmtPct(r.upper) + ')'));
  box.title = Math.round(r.confidence * 100) + '% interval, ' + (r.method === 'clustered' ? 'clustered by case over repeats' : 'Wilson');
  return box;
}

function versusEl(c) {
  const v = c.versusReference;
  if (!v) return el('span', 'muted', c.cases ? 'reference' : 'no case ran');
  const kind = v.verdict.verdict === 'regressed' ? 'fail' : v.verdict.verdict === 'improved' ? 'pass' : 'neutral';
  // every paired case the same: no interval to give (it has no width), say so
  if (v.changedCases === 0) return add(el('span', 'versus'), badgeEl('no paired case changed', 'neutral'), ' on ' + plural(v.pairedCases, 'paired case'));
  const word = v.verdict.verdict === 'regressed' ? 'lower' : v.verdict.verdict === 'improved' ? 'higher' : 'no detectable difference';
  const d = v.verdict.difference;
  const pts = (x) => { const t = Math.min(100, Math.abs(x * 100)).toFixed(1); return t === '0.0' ? t : (x < 0 ? '\u2212' : '+') + t; };
  const line = add(el('span', 'versus'), badgeEl(word, kind),
    ' ' + pts(d.estimate) + ' points (' + pts(d.lower) + ' to ' + pts(d.upper) + ') on ' + plural(v.pairedCases, 'paired case') + ' \u00b7 McNemar p = ' + (v.pValue < 0.001 ? '< 0.001' : v.pValue.toFixed(3)));
  line.title = shownText(v.verdict.sentence);
  return line;
}

function comparisonTable(comparison) {
  const wrap = tableEl(
    [{ label: 'Column' }, { label: 'Cases', num: true }, { label: 'Pass rate (95% interval)' }, { label: 'Against ' + (comparison[0] ? comparison[0].label : 'the first') }],
    comparison.map((c) => {
      const name = el('span', 'clip', c.label);
      name.title = shownText(c.label);
      return [name, fmtInt(c.cases), intervalEl(c.passRate), versusEl(c)];
    }),
    'comparison-table',
  );
  wrap.id = 'matrix-comparison';
  return wrap;
}

function renderMatrix(parent, data) {
  if (!data.comparison && !data.pareto) return;
  const store = caseStore(data);
  const variants = (data.comparison || data.pareto).some((c) => c.variant !== null);
  const section = sectionEl(parent, 'matrix', 'Side by side',
    'Rows are cases, columns ' + (variants ? 'prompt variant \u00d7 provider' : 'providers') + '. Each column is compared with the first on the same cases (paired).');
  if (data.comparison) add(section, comparisonTable(data.comparison));
  if (data.pareto) renderPareto(section, data.pareto);
  const holder = add(section, el('div', 'mx-holder')).lastChild;
  if (!store || store.rowsLoaded()) {
    drawMatrix(holder, data, store);
    return;
  }
  // a large run's other rows come from the files beside the page: the case table asks for them first (it shows its progress)
  // the matrix is built once: from every row, so its rows and differ counts cover every case
  const waiting = add(holder, el('p', 'muted mx-loading', 'Loading ' + plural(store.total, 'row') + '\u2026 the matrix is built when every row is in')).lastChild;
  // drawn in a task of its own, after the case table's (every row at once is a long task: the table shows first)
  setTimeout(() => store.loadRows(() => {}, (ok) => setTimeout(() => {
    if (!ok) { waiting.textContent = 'The row files beside report.html (' + data.caseIndex.dir + '/) could not be loaded: no matrix.'; return; }
    matrixModelInSteps(data, (model) => setTimeout(() => {
      clear(holder);
      drawMatrix(holder, data, store, model);
    }, 0));
  }, 0)), 0);
}

function drawMatrix(section, data, store, built) {
  const S = data.strings;
  const model = built || matrixModel(data);
  const cases = data.cases;
  if (model.columns.length < 2) return;

  const state = { filter: '', page: 0, view: model.rows };
  const filter = selectEl('matrix-filter', 'All cases', [['any', 'Only where they differ (outcome or output)'], ['outcome', 'Only where the outcome differs']]);
  const count = el('span', 'count');
  count.id = 'matrix-count';
  add(section, add(el('div', 'filters mx-filters'), filter, count));

  const table = el('table', 'data mx-table');
  table.id = 'matrix-table';
  const headRow = add(el('tr'), el('th', null, 'Case'));
  model.columns.forEach((col) => {
    const th = el('th', 'mx-col', col.label);
    th.title = shownText(col.label);
    add(headRow, th);
  });
  add(headRow, el('th'));
  const body = el('tbody');
  body.id = 'matrix-rows';
  add(section, add(el('div', 'table-wrap'), add(table, add(el('thead'), headRow), body)));
  const prev = el('button', null, '\u2190 Prev');
  prev.type = 'button';
  const next = el('button', null, 'Next \u2192');
  next.type = 'button';
  const pageLabel = el('span', 'muted');
  pageLabel.id = 'matrix-page';
  add(section, add(el('div', 'mx-pager'), pageLabel, prev, next));
  const panel = el('div', 'sbs');
  panel.id = 'side-by-side';
  panel.hidden = true;
  add(section, panel);

  const cellEl = (list) => {
    const td = el('td', 'mx-cell');
    const s = cellSummary(cases, list);
    td.setAttribute('data-state', s.state);
    if (s.state === 'none') return add(td, badgeEl('not run', 'skipped'));
    const c = cases[s.shown];
    // with repeats the score is their mean, as "k/N passed" is over all of them (not the shown sample's)
    add(td, add(el('div', 'mx-head'), stateBadge(s, c), el('span', 'muted', (s.trials > 1 ? 'mean score ' : 'score ') + fmtScore(s.trials > 1 ? s.score : c.score))));
    if (c.light) add(td, el('div', 'mx-out muted', 'loading\u2026'));
    else if (c.output !== null) add(td, el('div', 'mx-out', cutText(c.output, MATRIX_OUTPUT_CHARS)));
    else add(td, el('div', 'mx-out muted', c.error ? '[' + S[c.error.classIx] + '] ' + cutText(c.error.message, MATRIX_OUTPUT_CHARS) : 'no output'));
    return td;
  };
  /** Loads the case files the rows' cases are in, then calls done(ok); at once when they are here. */
  const ensure = (rows, done) => {
    if (!store) return done(true);
    const chunks = new Set();
    rows.forEach((row) => row.cells.forEach((list) => (list || []).forEach((i) => { if (!store.loaded(i)) chunks.add(store.chunkOf(i)); })));
    if (!chunks.size) return done(true);
    let left = chunks.size;
    let ok = true;
    chunks.forEach((k) => store.load(k, (loaded) => { ok = ok && loaded; if (--left === 0) done(ok); }));
  };
  const renderPage = () => {
    clear(body);
    const total = state.view.length;
    const pages = Math.max(1, Math.ceil(total / MATRIX_PAGE));
    state.page = Math.min(state.page, pages - 1);
    const from = state.page * MATRIX_PAGE;
    const rows = state.view.slice(from, from + MATRIX_PAGE);
    rows.forEach((row) => {
      const tr = el('tr', 'mx-row');
      tr.setAttribute('data-row', row.key);
      const name = el('td', 'text mx-case', S[row.datasetIx] + ' \u203a ' + row.caseId);
      name.title = shownText(S[row.datasetIx] + ' \u203a ' + row.caseId);
      add(tr, name);
      row.cells.forEach((list) => add(tr, cellEl(list)));
      const button = el('button', 'mx-compare', 'Compare');
      button.type = 'button';
      button.addEventListener('click', () => showCase(row));
      add(tr, add(el('td'), button));
      add(body, tr);
    });
    if (!total) {
      const td = el('td', 'empty', 'The columns agree on every case.');
      td.colSpan = model.columns.length + 2;
      add(body, add(el('tr'), td));
    }
    pageLabel.textContent = total ? 'Cases ' + fmtInt(from + 1) + '\u2013' + fmtInt(from + rows.length) + ' of ' + fmtInt(total) + ' \u00b7 page ' + (state.page + 1) + ' of ' + pages : '';
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
    if (rows.some((row) => row.cells.some((list) => (list || []).some((i) => cases[i].light)))) {
      const page = state.page;
      ensure(rows, (ok) => {
        if (ok && page === state.page) renderPage();
        else if (!ok) pageLabel.textContent += ' \u00b7 the case files beside report.html (' + data.caseIndex.dir + '/) could not be loaded';
      });
    }
  };
  const refresh = () => {
    state.view = state.filter === '' ? model.rows : model.rows.filter((row) => matrixRowDiffers(cases, row, state.filter === 'any'));
    state.page = 0;
    count.setAttribute('data-count', String(state.view.length));
    count.textContent = state.filter === '' ? 'All ' + plural(model.rows.length, 'case') : fmtInt(state.view.length) + ' of ' + plural(model.rows.length, 'case') + ' differ';
    renderPage();
  };

  const showCase = (row) => {
    panel.hidden = false;
    clear(panel);
    add(panel, el('p', 'muted', 'Loading the case\u2026'));
    ensure([row], (ok) => {
      clear(panel);
      if (!ok) { add(panel, el('p', 'muted', 'The case is in ' + data.caseIndex.dir + '/ beside report.html, which could not be loaded.')); return; }
      drawSideBySide(panel, data, model, row);
      panel.scrollIntoView({ block: 'start' });
    });
  };
  openSideBySide = (datasetIx, caseId) => {
    const row = model.rowIndex.get(datasetIx + '\u0000' + caseId);
    if (row) showCase(row);
  };
  filter.addEventListener('change', () => { state.filter = filter.value; refresh(); });
  prev.addEventListener('click', () => { state.page--; renderPage(); });
  next.addEventListener('click', () => { state.page++; renderPage(); });
  refresh();
}

/** A case's expected answer, references and variables (from its dataset file), or null when it has none. */
function caseContextEl(c) {
  const x = c && c.context;
  if (!x) return null;
  const box = el('div', 'stack sbs-context');
  if (x.expected !== undefined) add(box, add(el('div', 'block sbs-expected'), el('h4', null, 'Expected'), el('pre', 'text', x.expected)));
  if (x.references) {
    const list = el('div', 'block sbs-references');
    add(list, el('h4', null, 'References (' + x.references.length + ')'));
    x.references.forEach((r) => add(list, el('pre', 'text', r)));
    add(box, list);
  }
  if (x.vars) add(box, add(el('div', 'block sbs-vars'), el('h4', null, 'Variables'), factsEl(x.vars.map((v) => [v[0], add(el('span', 'mono'), v[1])]))));
  return box;
}

function drawSideBySide(panel, data, model, row) {
  const S = data.strings;
  const cases = data.cases;
  const close = el('button', 'sbs-close', 'Close');
  close.type = 'button';
  close.addEventListener('click', () => { panel.hidden = true; clear(panel); });
  add(panel, add(el('div', 'sbs-head'), el('h3', null, S[row.datasetIx] + ' \u203a ' + row.caseId), close));
  const all = [].concat.apply([], row.cells.map((list) => list || []));
  const withContext = all.map((i) => cases[i]).find((c) => c.context);
  add(panel, caseContextEl(withContext) || el('p', 'muted sbs-no-context', 'No expected answer, references or variables for this case (or its dataset file could not be read when the report was written).'));
  const grid = el('div', 'sbs-grid');
  grid.style.gridTemplateColumns = 'repeat(' + model.columns.length + ', minmax(260px, 1fr))';
  model.columns.forEach((col, k) => {
    const card = el('div', 'block sbs-col');
    card.setAttribute('data-column', shownText(col.label));
    const title = el('h4', 'clip', col.label);
    title.title = shownText(col.label);
    add(card, title);
    const list = row.cells[k];
    if (!list) { add(card, el('p', 'muted', 'Not run on this column.')); add(grid, card); return; }
    const shownPrompts = new Set();
    list.slice(0, 5).forEach((i, n) => {
      const c = cases[i];
      add(card, add(el('div', 'sbs-meta'), badgeEl(c.status, c.status), el('span', 'muted',
        (list.length > 1 ? 'sample ' + (n + 1) + ' of ' + list.length + ' \u00b7 ' : '') + 'score ' + fmtScore(c.score) + ' \u00b7 ' + (c.timings ? fmtMs(c.timings.e2eMs) : DASH) + ' \u00b7 ' + (c.cost === null ? (c.output === null ? DASH : 'cost unknown') : fmtUsd(c.cost)))));
      if (c.output !== null) add(card, el('pre', 'text sbs-output', c.output));
      else add(card, el('pre', 'text sbs-output muted', c.error ? '[' + S[c.error.classIx] + '] ' + c.error.message : 'No output.'));
      c.evaluations.filter((e) => !e[1]).forEach((e) => add(card, el('div', 'sbs-reason', S[e[0]] + ': ' + e[4])));
      if (!shownPrompts.has(c.prompt)) shownPrompts.add(c.prompt);
    });
    if (list.length > 5) add(card, el('p', 'muted', '\u2026 and ' + (list.length - 5) + ' more samples (in the case table)'));
    const prompt = el('details', 'sbs-prompt');
    add(prompt, el('summary', null, 'Prompt'));
    shownPrompts.forEach((p) => add(prompt, el('pre', 'text', p)));
    add(card, prompt);
    add(grid, card);
  });
  add(panel, add(el('div', 'sbs-scroll'), grid));
}
`
