/** Client: one case opened: prompt, output, error, failed attempts, evaluations, timings, tokens, cost, bench spread. */
export const caseDetailJs = String.raw`
function textBlock(title, text, cls) {
  const block = el('div', 'block');
  add(block, add(el('h4', null, title + ' '), el('span', 'muted', '(' + plural(text.length, 'char') + ')')));
  add(block, el('pre', 'text ' + cls, text));
  return block;
}

function blockEl(title, content) {
  return add(el('div', 'block'), el('h4', null, title), content);
}

function sourceOf(c) {
  const flags = [];
  if (c.replayed) flags.push('replayed from a recording');
  else if (c.cached) flags.push('answered from the cache');
  if (c.resumed) flags.push('reused by a resumed run');
  return flags.length ? flags.join(', ') : 'live call';
}

function spreadText(d) {
  return d && d.count ? fmtMs(d.min) + ' / ' + fmtMs(d.p50) + ' / ' + fmtMs(d.p95) + ' / ' + fmtMs(d.max) : DASH;
}

/** Why each failed attempt failed: attempt, class, HTTP status, message, and the wait before the next one. */
function attemptErrorsEl(attempts, S) {
  const table = el('table', 'evals attempt-errors');
  add(table, add(el('thead'), add(el('tr'), el('th', 'num', 'Attempt'), el('th', null, 'Error'), el('th', 'num', 'HTTP'), el('th', null, 'Message'), el('th', 'num', 'Then waited'))));
  const body = add(table, el('tbody')).lastChild;
  attempts.forEach((a) => add(body, add(el('tr'),
    el('td', 'num', String(a.attempt)),
    el('td', 'mono', S[a.classIx]),
    el('td', 'num', a.status === undefined ? DASH : String(a.status)),
    add(el('td', 'reason'), el('pre', 'text attempt-message', a.message)),
    el('td', 'num', a.backoffMs === undefined ? DASH : fmtMs(a.backoffMs)))));
  return table;
}

/** The model calls a case made from code (provider(...)): provider, model, tokens, cost, E2E, source. */
function modelCallsEl(calls, S) {
  const table = el('table', 'evals model-calls');
  add(table, add(el('thead'), add(el('tr'), el('th', 'num', '#'), el('th', null, 'Provider'), el('th', null, 'Model'), el('th', 'num', 'In'), el('th', 'num', 'Out'), el('th', 'num', 'Cost'), el('th', 'num', 'E2E'), el('th', null, 'Source'))));
  const body = add(table, el('tbody')).lastChild;
  calls.forEach((m, i) => add(body, add(el('tr'),
    el('td', 'num', String(i + 1)),
    el('td', 'mono', S[m.providerIx]),
    el('td', 'mono', S[m.modelIx]),
    el('td', 'num', fmtInt(m.input)),
    el('td', 'num', fmtInt(m.output)),
    el('td', 'num', m.cost === null ? DASH : fmtUsd(m.cost)),
    el('td', 'num', m.e2eMs === null ? DASH : fmtMs(m.e2eMs)),
    el('td', 'reason', m.error ? 'failed: ' + m.error : m.cached ? 'replayed' : 'live call'))));
  return table;
}

function renderCaseDetail(c, data) {
  const S = data.strings;
  const root = el('div', 'detail');
  const cols = add(root, el('div', 'detail-cols')).lastChild;
  const left = add(cols, el('div', 'stack')).lastChild;
  const right = add(cols, el('div', 'stack')).lastChild;

  add(left, textBlock('Prompt', c.prompt, 'prompt'));
  if (c.output !== null) add(left, textBlock('Output', c.output, 'output'));
  else add(left, blockEl('Output', el('p', 'muted', 'No output.')));
  if (c.error) {
    const box = blockEl('Error', add(el('div'), el('b', null, S[c.error.classIx]), el('pre', 'text error-message', c.error.message)));
    box.classList.add('error-box');
    add(left, box);
  }
  if (c.calls) add(left, blockEl('Model calls from code (' + c.calls.length + ', counted in the tokens and cost)', modelCallsEl(c.calls, S)));
  if (c.attemptErrors) add(left, blockEl('Failed attempts (' + c.attemptErrors.length + ' of ' + c.attempts + ')', attemptErrorsEl(c.attemptErrors, S)));
  if (openSideBySide) {
    const compare = el('button', 'sbs-open', 'Compare this case side by side');
    compare.type = 'button';
    compare.addEventListener('click', (event) => { event.stopPropagation(); openSideBySide(c.datasetIx, c.caseId); });
    add(left, add(el('div'), compare));
  }

  add(right, blockEl('Case', factsEl([
    ['Status', badgeEl(c.status, c.status)],
    ['Dataset', S[c.datasetIx]],
    ['Case', c.caseId],
    c.categoryIx >= 0 ? ['Category', S[c.categoryIx]] : null,
    ['Provider', S[c.providerIx]],
    ['Model', S[c.modelIx]],
    c.sample !== undefined ? ['Sample', String(c.sample)] : null,
    ['Finish reason', c.finishReason || DASH],
    ['Attempts', c.attempts + (c.retries ? ' (' + plural(c.retries, 'retry', 'retries') + ')' : '')],
    ['Source', sourceOf(c)],
    ['Started', fmtTime(c.startedAt)],
    ['Request hash', add(el('span', 'mono'), c.requestHash)],
  ])));

  const context = caseContextEl(c);
  if (context) add(right, context);

  const t = c.timings;
  const timing = t ? [
    ['Queue', fmtMs(t.queueMs)],
    ['TTFT', t.ttftMs === null ? 'not streamed' : fmtMs(t.ttftMs)],
    ['E2E', fmtMs(t.e2eMs)],
    ['TPOT', fmtMs(t.tpotMs)],
    ['ITL', t.itl ? 'p50 ' + fmtMs(t.itl.p50) + ' \u00b7 p95 ' + fmtMs(t.itl.p95) + ' \u00b7 max ' + fmtMs(t.itl.max) + ' (' + plural(t.itl.count, 'gap') + ')' : DASH],
    ['Streamed', t.streamed ? 'yes' : 'no'],
  ] : [['Timings', 'none (no call completed)']];
  if (c.serverTimings) Object.keys(c.serverTimings).sort().forEach((k) => timing.push(['server ' + k, fmtNum(c.serverTimings[k], 2)]));
  add(right, blockEl('Timings', factsEl(timing)));

  const u = c.usage;
  add(right, blockEl('Tokens and cost', factsEl([
    ['Input', fmtInt(u.input)],
    ['Output', fmtInt(u.output)],
    u.cacheRead !== undefined ? ['Cache read', fmtInt(u.cacheRead)] : null,
    u.cacheWrite !== undefined ? ['Cache write', fmtInt(u.cacheWrite)] : null,
    ['Counted by', u.source],
    ['Cost', c.cost === null ? (c.output === null ? DASH : 'unknown price') : fmtUsd(c.cost)],
    c.costNote ? ['Cost note', c.costNote] : null,
    c.judge ? ['Judge', fmtInt(c.judge.input) + ' in \u00b7 ' + fmtInt(c.judge.output) + ' out \u00b7 ' + fmtUsd(c.judge.cost) + ' (' + plural(c.judge.calls, 'call') + ')'] : null,
  ])));

  if (c.spreadIx !== undefined) {
    const s = data.spreads[c.spreadIx];
    add(right, blockEl('Across samples (min / p50 / p95 / max)', factsEl([
      ['Passed', s.passed + ' of ' + s.samples],
      ['E2E', spreadText(s.e2eMs)],
      ['E2E variation', isNum(s.e2eCv) ? 'CV ' + fmtPct(s.e2eCv) : DASH],
      ['TTFT', spreadText(s.ttftMs)],
    ])));
  }

  const evals = el('table', 'evals');
  add(evals, add(el('thead'), add(el('tr'), el('th', null, 'Evaluator'), el('th', null, 'Result'), el('th', null, 'Score'), el('th', null, 'Threshold'), el('th', null, 'Reason'))));
  const body = add(evals, el('tbody')).lastChild;
  c.evaluations.forEach((e) => add(body, add(el('tr'),
    el('td', 'mono', S[e[0]]),
    add(el('td'), badgeEl(e[1] ? 'pass' : 'fail', e[1] ? 'pass' : 'fail')),
    el('td', 'num', fmtScore(e[2])),
    el('td', 'num', fmtScore(e[3])),
    el('td', 'reason', e[4]))));
  add(root, blockEl('Evaluations', c.evaluations.length ? evals : el('p', 'muted', 'No evaluation ran.')));
  return root;
}
`
