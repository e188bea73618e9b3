/** Client: the regression gates and what changed since the baseline. */
export const gatesJs = String.raw`
const GATE_TITLES = {
  minPassRate: 'Minimum pass rate',
  maxPassRateDrop: 'Pass-rate drop',
  noNewFailures: 'No new failures',
  maxP95LatencyIncrease: 'p95 latency increase',
  maxCostIncrease: 'Cost increase',
  maxClientLagMs: 'Client event-loop delay',
  minGoodput: 'Minimum goodput',
  maxP95TtftMs: 'TTFT p95 under load',
};

function caseLabel(c) { return c.dataset + ' \u203a ' + c.caseId + ' \u203a ' + c.provider; }

/** A folded list of at most limit lines (the rest counted). */
function foldedList(summary, lines, limit, open) {
  const details = el('details');
  if (open) details.open = true;
  add(details, el('summary', null, summary));
  const ul = el('ul');
  lines.slice(0, limit).forEach((line) => add(ul, el('li', null, line)));
  if (lines.length > limit) add(ul, el('li', 'muted', '\u2026 and ' + fmtInt(lines.length - limit) + ' more'));
  return add(details, ul);
}

function renderGates(parent, gates) {
  if (!gates) return;
  const b = gates.baseline;
  const section = sectionEl(parent, 'gates', 'Regression gates',
    b ? 'Compared with ' + b.baselineFile + ' (run ' + b.baselineRunId + ')' : gates.baselineNote || 'No baseline to compare with.');
  const head = section.firstChild;
  // with no gate configured nothing passed: no verdict badge beside "No gates configured."
  if (gates.gates.length) add(head, badgeEl(gates.passed ? 'all gates passed' : 'gates failed', gates.passed ? 'pass' : 'fail'));
  const list = add(section, el('div', 'gate-list')).lastChild;
  if (!gates.gates.length) add(list, el('div', 'gate muted', 'No gates configured.'));
  gates.gates.forEach((g) => {
    const row = el('div', 'gate');
    row.setAttribute('data-gate', g.gate);
    const kind = g.skipped ? 'neutral' : g.passed ? 'pass' : 'fail';
    add(row, badgeEl(g.skipped ? 'skipped' : g.passed ? 'pass' : 'fail', kind));
    add(row, el('span', 'name', (GATE_TITLES[g.gate] || g.gate) + (g.provider ? ' \u00b7 ' + g.provider : '') + (g.load ? ' at ' + g.load : '')));
    add(row, el('span', 'mono muted', (g.valuesText ? g.valuesText + ' \u00b7 ' : '') + g.actualText + ' (limit ' + g.limitText + ')'));
    add(row, el('div', 'msg', g.skipped ? g.message + ' (' + g.skipped + ')' : g.message));
    if (g.cases && g.cases.length) add(row, foldedList(plural(g.cases.length, 'case') + ' behind this', g.cases, 200, !g.passed));
    add(list, row);
  });
  if (b) renderBaselineChanges(section, b);
}

function renderBaselineChanges(section, b) {
  const card = cardEl('Since the baseline', 'pass rate ' + fmtPct(b.passRate.before) + ' \u2192 ' + fmtPct(b.passRate.after));
  card.classList.add('changes');
  card.style.marginTop = '14px';
  add(card, el('div', 'legend',
    plural(b.newlyFailing.length, 'newly failing case') + ' \u00b7 ' + plural(b.newlyPassing.length, 'newly passing case') + ' \u00b7 ' +
    plural(b.scoreChanges.length, 'score change') + ' \u00b7 ' + plural(b.newCases.length, 'new case') + ' \u00b7 ' + plural(b.missingCases.length, 'missing case')));
  const line = (c) => caseLabel(c) + ': ' + (c.before || 'new') + ' \u2192 ' + c.after +
    (isNum(c.scoreBefore) || isNum(c.scoreAfter) ? ' (score ' + fmtScore(c.scoreBefore) + ' \u2192 ' + fmtScore(c.scoreAfter) + ')' : '');
  if (b.newlyFailing.length) add(card, foldedList('Newly failing', b.newlyFailing.map(line), 500, true));
  if (b.newlyPassing.length) add(card, foldedList('Newly passing', b.newlyPassing.map(line), 500, false));
  if (b.scoreChanges.length) add(card, foldedList('Score changes', b.scoreChanges.map(line), 500, false));
  if (b.missingCases.length) add(card, foldedList('Not run now', b.missingCases.map(caseLabel), 500, false));
  add(section, card);
}
`
