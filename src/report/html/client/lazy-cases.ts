/**
 * Client: a large run's cases (PageData.caseIndex). The page starts with one
 * light row per case, enough for the table, its filters and its sorting; a
 * case's whole record (prompt, output, evaluations...) comes from its chunk
 * file beside the page, inserted as a script when the case is opened or the
 * text filter needs every prompt and output. Chunks arrive through
 * `__llmBenchCases(k, json)` and replace their light rows in `data.cases`.
 *
 * A page whose index has `rowFiles` holds only its first rows: `data.cases`
 * has those at first, and the rest arrive from `rows-NNNN.js` through
 * `__llmBenchRows(k, json)` once the page's first frame is drawn
 * (`loadRows`), each made into light rows as it arrives (a short task per
 * file, so the page stays responsive); they are appended to `data.cases`
 * (the same array) when every row file is in, so until then the table shows
 * its first page and waits (`rowsLoaded`).
 */
export const lazyCasesJs = String.raw`
function caseStore(data) {
  // one store per page: the case table and the matrix share it
  if (data.caseStoreMade) return data.caseStoreMade;
  const index = data.caseIndex;
  if (!index) return null;
  const lightCase = (r) => {
    const c = { light: true, datasetIx: r[0], caseId: r[1], categoryIx: r[2], providerIx: r[3], modelIx: r[4], status: r[5], score: r[6], usage: { output: r[7] }, cost: r[8], output: r[9] ? '' : null };
    if (r[11] !== null) c.timings = { ttftMs: r[10], e2eMs: r[11] };
    if (r[12] !== null) c.sample = r[12];
    if (r[13] !== undefined && r[13] >= 0) c.variantIx = r[13];
    if (r[14] !== undefined && r[14] !== null) c.outputFp = r[14];
    return c;
  };
  data.cases = index.rows.map(lightCase);
  index.rows = null;
  const total = index.total === undefined ? data.cases.length : index.total;
  const rowFiles = index.rowFiles || 0;
  // each row file's light cases, made as it arrives (a task per file, none long): appended when all are in
  const rowCases = new Array(rowFiles);
  let rowsHere = 0;
  let rowsState = rowFiles === 0 ? 2 : 0; // 0 not asked, 1 loading, 2 here, 3 failed
  const rowsWaiting = [];
  // whole cases that came before their rows: put in when the rows are
  const early = new Map();
  window.__llmBenchRows = (k, text) => {
    if (typeof k !== 'number' || k < 0 || k >= rowFiles || rowCases[k] !== undefined || typeof text !== 'string') return;
    rowCases[k] = JSON.parse(text).map(lightCase);
    rowsHere++;
  };
  const rowsDone = (ok) => {
    if (ok) {
      for (let k = 0; k < rowFiles; k++) {
        const rows = rowCases[k];
        rowCases[k] = null;
        for (let j = 0; j < rows.length; j++) {
          const i = data.cases.length;
          data.cases.push(early.has(i) ? early.get(i) : rows[j]);
        }
      }
      early.clear();
    }
    rowsState = ok ? 2 : 3;
    rowsWaiting.splice(0).forEach((fn) => fn(ok));
  };
  const state = new Array(index.chunks).fill(0); // 0 not asked, 1 loading, 2 here, 3 failed
  const waiting = new Map();
  let here = 0;
  const settle = (k) => {
    const list = waiting.get(k) || [];
    waiting.delete(k);
    list.forEach((fn) => fn(state[k] === 2));
  };
  window.__llmBenchCases = (k, text) => {
    if (typeof k !== 'number' || k < 0 || k >= index.chunks || state[k] === 2) return;
    const rows = JSON.parse(text);
    const from = k * index.chunkSize;
    for (let j = 0; j < rows.length && from + j < total; j++) {
      if (from + j < data.cases.length) data.cases[from + j] = rows[j];
      else early.set(from + j, rows[j]);
    }
    state[k] = 2;
    here++;
    settle(k);
  };
  const load = (k, done) => {
    if (state[k] === 2) { if (done) done(true); return; }
    if (done) { if (!waiting.has(k)) waiting.set(k, []); waiting.get(k).push(done); }
    if (state[k] === 1) return;
    state[k] = 1;
    const script = document.createElement('script');
    script.src = index.dir + '/' + String(k + 1).padStart(4, '0') + '.js';
    script.onerror = () => { state[k] = 3; settle(k); };
    script.onload = () => { if (state[k] !== 2) { state[k] = 3; settle(k); } };
    document.head.appendChild(script);
  };
  data.caseStoreMade = {
    total,
    bench: index.bench,
    filters: index.filters,
    rowsLoaded: () => rowsState === 2,
    /** The rows in the files beside the page, a few files at a time: progress(here, files) as they come, done(ok) once all are in (or one failed). */
    loadRows(progress, done) {
      if (rowsState === 2 || rowsState === 3) { done(rowsState === 2); return; }
      rowsWaiting.push(done);
      if (rowsState === 1) return;
      rowsState = 1;
      let next = 0;
      let running = 0;
      let failed = false;
      const pump = () => {
        while (running < 4 && next < rowFiles) {
          const k = next++;
          running++;
          const script = document.createElement('script');
          script.src = index.dir + '/rows-' + String(k + 1).padStart(4, '0') + '.js';
          const settle = () => {
            running--;
            if (rowCases[k] === undefined) failed = true;
            progress(rowsHere, rowFiles);
            if (running === 0 && (next >= rowFiles || failed)) rowsDone(!failed);
            else if (!failed) pump();
          };
          script.onload = settle;
          script.onerror = settle;
          document.head.appendChild(script);
        }
      };
      // after the first frame: the page's first rows are drawn before any row file is read
      afterFrame(pump);
    },
    chunkOf: (i) => Math.floor(i / index.chunkSize),
    loaded: (i) => !data.cases[i].light,
    allLoaded: () => here === index.chunks,
    chunks: index.chunks,
    here: () => here,
    load,
    /** Every chunk, a few at a time; progress(here, chunks) after each, done(ok) once all are in (or one failed). */
    loadAll(progress, done) {
      let next = 0;
      let failed = false;
      let running = 0;
      const pump = () => {
        while (running < 4 && next < index.chunks) {
          const k = next++;
          running++;
          load(k, (ok) => {
            running--;
            if (!ok) failed = true;
            progress(here, index.chunks);
            if (running === 0 && (next >= index.chunks || failed)) done(!failed);
            else pump();
          });
        }
      };
      if (index.chunks === 0 || here === index.chunks) done(true);
      else pump();
    },
  };
  return data.caseStoreMade;
}
`
