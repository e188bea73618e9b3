/**
 * Client: the case table. Filtering and sorting work on an index list (one
 * pass, one sort), and only one page of rows is in the DOM at a time, so
 * 10,000 records stay responsive.
 */
export const casesJs = String.raw`
const STATUS_RANK = { passed: 0, failed: 1, error: 2, timeout: 3, skipped: 4 };
const PAGE_SIZES = [25, 50, 100, 250];

function selectEl(id, label, options) {
  const select = el('select');
  select.id = id;
  select.setAttribute('aria-label', label);
  [['', label]].concat(options).forEach((o) => {
    const option = el('option', null, o[1]);
    option.value = o[0];
    add(select, option);
  });
  return select;
}

function caseColumns(S, bench) {
  const columns = [
    { key: 'dataset', label: 'Dataset', value: (c) => S[c.datasetIx] },
    { key: 'case', label: 'Case', value: (c) => caseLabel(S, c) },
    { key: 'provider', label: 'Provider', value: (c) => S[c.providerIx] },
  ];
  if (bench) columns.push({ key: 'sample', label: 'Sample', num: true, value: (c) => c.sample });
  return columns.concat([
    { key: 'status', label: 'Status', value: (c) => STATUS_RANK[c.status] },
    { key: 'score', label: 'Score', num: true, value: (c) => c.score },
    { key: 'ttft', label: 'TTFT', num: true, value: (c) => (c.timings ? c.timings.ttftMs : null) },
    { key: 'e2e', label: 'E2E', num: true, value: (c) => (c.timings ? c.timings.e2eMs : null) },
    { key: 'tokens', label: 'Out tokens', num: true, value: (c) => c.usage.output },
    { key: 'cost', label: 'Cost', num: true, value: (c) => c.cost },
  ]);
}

/** case \u203a variant for a dataset with prompt variants (variants:), else the case id. */
function caseLabel(S, c) {
  return c.variantIx !== undefined && c.variantIx >= 0 ? c.caseId + ' \u203a ' + S[c.variantIx] : c.caseId;
}

function renderCases(parent, data) {
  const S = data.strings;
  // a large run: light rows now, whole cases from the files beside the page on demand
  const store = caseStore(data);
  const cases = data.cases;
  // a large run's page holds its first rows: the others come from files beside it (store.loadRows)
  const n = store ? store.total : cases.length;
  const bench = store && store.bench !== undefined ? store.bench : cases.some((c) => c.sample !== undefined);
  const section = sectionEl(parent, 'cases', 'Cases', 'Click a row for its prompt, output, evaluations and timings. The filter searches ids, names, errors, prompts and outputs.');
  const columns = caseColumns(S, bench);
  const state = { text: '', provider: '', dataset: '', status: '', sortKey: '', sortDir: 1, page: 0, pageSize: 50, view: [], expanded: new Set() };
  const providerColors = new Map();
  data.providers.forEach((p, i) => providerColors.set(p.label, paletteColor(i)));

  // the filters
  const distinct = (key) => {
    const seen = new Map();
    if (store && store.filters) store.filters[key].forEach((ix) => seen.set(ix, S[ix]));
    else for (let i = 0; i < n; i++) if (!seen.has(cases[i][key])) seen.set(cases[i][key], S[cases[i][key]]);
    return Array.from(seen.entries()).sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)).map((e) => [String(e[0]), e[1]]);
  };
  const search = el('input');
  search.type = 'search';
  search.id = 'case-filter';
  search.placeholder = 'Filter cases\u2026';
  search.setAttribute('aria-label', 'Filter cases by text');
  search.autocomplete = 'off';
  const providerSelect = selectEl('case-provider', 'All providers', distinct('providerIx'));
  const datasetSelect = selectEl('case-dataset', 'All datasets', distinct('datasetIx'));
  const statusSelect = selectEl('case-status', 'All statuses', STATUSES.map((s) => [s, s]).concat([['not-passed', 'not passed']]));
  add(section, add(el('div', 'filters'), search, providerSelect, datasetSelect, statusSelect));

  const count = el('span', 'count');
  count.id = 'case-count';
  const legend = el('div', 'legend');
  legend.id = 'case-status-counts';
  add(section, add(el('div', 'countline'), count, legend));

  // the table
  const table = el('table', 'data cases');
  table.id = 'case-table';
  const headRow = add(el('tr'), el('th'));
  const headers = columns.map((col) => {
    const th = el('th', col.num ? 'num' : null);
    th.setAttribute('data-sort', col.key);
    const button = add(el('button', null, col.label + ' '), el('span', 'arrow', '\u2195'));
    button.type = 'button';
    button.addEventListener('click', () => {
      if (state.sortKey === col.key) state.sortDir = -state.sortDir;
      else { state.sortKey = col.key; state.sortDir = 1; }
      refresh(true);
    });
    add(headRow, add(th, button));
    return th;
  });
  const body = el('tbody');
  body.id = 'case-rows';
  add(section, add(el('div', 'table-wrap'), add(table, add(el('thead'), headRow), body)));

  // the pager
  const prev = el('button', null, '\u2190 Prev');
  prev.type = 'button';
  const next = el('button', null, 'Next \u2192');
  next.type = 'button';
  const pageLabel = el('span', 'muted');
  pageLabel.id = 'case-page';
  const sizeSelect = el('select');
  sizeSelect.setAttribute('aria-label', 'Rows per page');
  PAGE_SIZES.forEach((size) => {
    const option = el('option', null, size + ' per page');
    option.value = String(size);
    option.selected = size === state.pageSize;
    add(sizeSelect, option);
  });
  add(section, add(el('div', 'pager'), pageLabel, prev, next, sizeSelect));

  // filtering and sorting
  let haystacks = null;
  const haystack = (i) => {
    if (!haystacks) haystacks = new Array(n);
    let h = haystacks[i];
    if (h === undefined) {
      const c = cases[i];
      h = [caseLabel(S, c), S[c.datasetIx], S[c.providerIx], S[c.modelIx], c.categoryIx >= 0 ? S[c.categoryIx] : '',
        c.error ? S[c.error.classIx] + ' ' + c.error.message : '', c.prompt, c.output || ''].join('\n').toLowerCase();
      haystacks[i] = h;
    }
    return h;
  };
  // made at the first sort by text (building one costs more than drawing the first rows)
  let collator = null;
  const sortView = (view) => {
    const col = columns.find((c) => c.key === state.sortKey);
    headers.forEach((th) => th.removeAttribute('aria-sort'));
    if (!col) return;
    const th = headers[columns.indexOf(col)];
    th.setAttribute('aria-sort', state.sortDir > 0 ? 'ascending' : 'descending');
    th.querySelector('.arrow').textContent = state.sortDir > 0 ? '\u2191' : '\u2193';
    headers.forEach((h) => { if (h !== th) h.querySelector('.arrow').textContent = '\u2195'; });
    const keys = new Array(n);
    for (const i of view) keys[i] = col.value(cases[i]);
    const dir = state.sortDir;
    view.sort((a, b) => {
      const ka = keys[a];
      const kb = keys[b];
      const noA = ka === null || ka === undefined;
      const noB = kb === null || kb === undefined;
      if (noA || noB) return noA && noB ? a - b : noA ? 1 : -1;
      if (typeof ka === 'string' && !collator) collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
      const d = typeof ka === 'string' ? collator.compare(ka, kb) : ka - kb;
      return d !== 0 ? d * dir : a - b;
    });
  };
  const refresh = (toFirstPage) => {
    if (store && !store.rowsLoaded()) {
      // the page's first rows at once, in results.json's order; filters and sorting once every row is in
      state.view = cases.map((c, i) => i);
      count.removeAttribute('data-count');
      count.textContent = 'Loading the table\u2019s ' + plural(n, bench ? 'record' : 'case') + '\u2026';
      renderPage();
      store.loadRows((here, all) => { count.textContent = 'Loading the table\u2019s ' + plural(n, bench ? 'record' : 'case') + '\u2026 ' + here + ' of ' + all + ' files'; },
        (ok) => { if (ok) refresh(false); else count.textContent = 'The row files beside report.html (' + data.caseIndex.dir + '/) could not be loaded: the table shows its first ' + fmtInt(cases.length) + ' rows.'; });
      return;
    }
    const terms = state.text.toLowerCase().split(/\s+/).filter(Boolean);
    if (terms.length && store && !store.allLoaded()) {
      // the text filter searches prompts and outputs: every case file first
      count.removeAttribute('data-count');
      count.textContent = 'Loading the cases\u2019 texts for the filter\u2026';
      store.loadAll((here, all) => { count.textContent = 'Loading the cases\u2019 texts for the filter\u2026 ' + here + ' of ' + all + ' files'; },
        (ok) => { if (ok) refresh(toFirstPage); else count.textContent = 'The case files beside report.html (' + data.caseIndex.dir + '/) could not be loaded: the text filter needs them.'; });
      return;
    }
    const provider = state.provider === '' ? -1 : Number(state.provider);
    const dataset = state.dataset === '' ? -1 : Number(state.dataset);
    const counts = { passed: 0, failed: 0, error: 0, timeout: 0, skipped: 0 };
    const view = [];
    for (let i = 0; i < n; i++) {
      const c = cases[i];
      if (provider >= 0 && c.providerIx !== provider) continue;
      if (dataset >= 0 && c.datasetIx !== dataset) continue;
      if (state.status === 'not-passed' ? c.status === 'passed' : state.status !== '' && c.status !== state.status) continue;
      if (terms.length) {
        const h = haystack(i);
        if (!terms.every((t) => h.indexOf(t) >= 0)) continue;
      }
      view.push(i);
      counts[c.status]++;
    }
    sortView(view);
    state.view = view;
    if (toFirstPage) state.page = 0;
    count.setAttribute('data-count', String(view.length));
    count.textContent = view.length === n ? 'All ' + plural(n, bench ? 'record' : 'case') : fmtInt(view.length) + ' of ' + plural(n, bench ? 'record' : 'case') + ' match';
    clear(legend);
    STATUSES.forEach((s) => { if (counts[s]) add(legend, add(el('span'), el('span', 'dot bg-' + s), fmtInt(counts[s]) + ' ' + s)); });
    renderPage();
  };

  // rows
  const rowEl = (i) => {
    const c = cases[i];
    const open = state.expanded.has(i);
    const tr = el('tr', 'case-row' + (open ? ' open' : ''));
    tr.setAttribute('data-ix', String(i));
    const toggle = el('button', null, '\u25b8');
    toggle.type = 'button';
    toggle.setAttribute('aria-expanded', String(open));
    toggle.setAttribute('aria-label', 'Details of ' + shownText(c.caseId));
    add(tr, add(el('td', 'toggle'), toggle));
    add(tr, el('td', 'text', S[c.datasetIx]));
    const id = el('td', 'text mono case-id', caseLabel(S, c));
    id.title = shownText(c.caseId);
    add(tr, id);
    const dot = el('span', 'pdot');
    dot.style.background = providerColors.get(S[c.providerIx]) || cssVar('--skipped');
    add(tr, add(el('td', 'text'), dot, S[c.providerIx]));
    if (bench) add(tr, el('td', 'num', c.sample === undefined ? DASH : String(c.sample)));
    add(tr, add(el('td'), badgeEl(c.status, c.status)));
    add(tr, el('td', 'num', fmtScore(c.score)));
    add(tr, el('td', 'num', c.timings ? fmtMs(c.timings.ttftMs) : DASH));
    add(tr, el('td', 'num', c.timings ? fmtMs(c.timings.e2eMs) : DASH));
    add(tr, el('td', 'num', fmtInt(c.usage.output)));
    add(tr, el('td', 'num' + (c.cost === null && c.output !== null ? ' muted' : ''), c.cost === null ? (c.output === null ? DASH : 'unknown') : fmtUsd(c.cost)));
    return tr;
  };
  const detailRowEl = (i) => {
    const tr = el('tr', 'case-detail');
    tr.setAttribute('data-ix', String(i));
    const td = el('td');
    td.colSpan = columns.length + 1;
    if (store && !store.loaded(i)) {
      const waiting = el('p', 'muted', 'Loading the case\u2026');
      store.load(store.chunkOf(i), (ok) => {
        if (!ok) waiting.textContent = 'The case is in ' + data.caseIndex.dir + '/ beside report.html, which could not be loaded.';
        else if (state.expanded.has(i)) renderPage();
      });
      return add(tr, add(td, waiting));
    }
    return add(tr, add(td, renderCaseDetail(cases[i], data)));
  };
  const renderPage = () => {
    clear(body);
    const total = state.view.length;
    const pages = Math.max(1, Math.ceil(total / state.pageSize));
    state.page = Math.min(state.page, pages - 1);
    const from = state.page * state.pageSize;
    const to = Math.min(total, from + state.pageSize);
    const rows = document.createDocumentFragment();
    for (let k = from; k < to; k++) {
      const i = state.view[k];
      rows.appendChild(rowEl(i));
      if (state.expanded.has(i)) rows.appendChild(detailRowEl(i));
    }
    if (!total) {
      const td = el('td', 'empty', n ? 'No case matches the filters.' : 'No case ran.');
      td.colSpan = columns.length + 1;
      add(rows, add(el('tr'), td));
    }
    body.appendChild(rows);
    pageLabel.textContent = total ? 'Rows ' + fmtInt(from + 1) + '\u2013' + fmtInt(to) + ' of ' + fmtInt(total) + ' \u00b7 page ' + (state.page + 1) + ' of ' + pages : '';
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
  };

  // events
  body.addEventListener('click', (event) => {
    const tr = event.target.closest('tr');
    if (!tr || !tr.classList.contains('case-row')) return;
    const i = Number(tr.getAttribute('data-ix'));
    const button = tr.querySelector('.toggle button');
    if (state.expanded.has(i)) {
      state.expanded.delete(i);
      tr.classList.remove('open');
      button.setAttribute('aria-expanded', 'false');
      const after = tr.nextSibling;
      if (after && after.classList.contains('case-detail')) body.removeChild(after);
    } else {
      state.expanded.add(i);
      tr.classList.add('open');
      button.setAttribute('aria-expanded', 'true');
      body.insertBefore(detailRowEl(i), tr.nextSibling);
    }
  });
  let typing = 0;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => { state.text = search.value; refresh(true); }, 120);
  });
  providerSelect.addEventListener('change', () => { state.provider = providerSelect.value; refresh(true); });
  datasetSelect.addEventListener('change', () => { state.dataset = datasetSelect.value; refresh(true); });
  statusSelect.addEventListener('change', () => { state.status = statusSelect.value; refresh(true); });
  prev.addEventListener('click', () => { state.page--; renderPage(); });
  next.addEventListener('click', () => { state.page++; renderPage(); });
  sizeSelect.addEventListener('change', () => { state.pageSize = Number(sizeSelect.value); state.page = 0; renderPage(); });
  refresh(true);
}
`
