/**
 * Client: a large run's cases (PageData.caseIndex). The page starts with one
 * light row per case, enough for the table, its filters and its sorting; a
 * case's whole record (prompt, output, evaluations...) comes from its chunk
 * file beside the page, inserted as a script when the case is opened or the
 * text filter needs every prompt and output. Chunks arrive through
 * `__llmBenchCases(k, json)` and replace their light rows in `data.cases`.
 */
export const lazyCasesJs = String.raw`
function caseStore(data) {
  const index = data.caseIndex;
  if (!index) return null;
  data.cases = index.rows.map((r) => {
    const c = { light: true, datasetIx: r[0], caseId: r[1], categoryIx: r[2], providerIx: r[3], modelIx: r[4], status: r[5], score: r[6], usage: { output: r[7] }, cost: r[8], output: r[9] ? '' : null };
    if (r[11] !== null) c.timings = { ttftMs: r[10], e2eMs: r[11] };
    if (r[12] !== null) c.sample = r[12];
    return c;
  });
  index.rows = null;
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
    for (let j = 0; j < rows.length && from + j < data.cases.length; j++) data.cases[from + j] = rows[j];
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
  return {
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
}
`
