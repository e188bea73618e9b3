/** Client: the regression gates and what changed since the baseline. */
export const gatesJs = String.raw`
const GATE_TITLES = {
  minPassRate: 'Minimum pass rate',
  maxPassRateDrop: 'Pass-rate drop',
  'passRate.maxDrop': 'Pass-rate drop (significance-aware)',
  'passRate.minPassRate': 'Minimum pass rate (significance-aware)',
  noNewFailures: 'No new failures',
  maxP95LatencyIncrease: 'p95 latency increase',
  maxCostIncrease: 'Cost increase',
  maxClientLagMs: 'Client event-loop delay',
  minGoodput: 'Minimum goodput',
  maxP95TtftMs: 'TTFT p95 under load',
};

/** passed, failed, skipped or warning (an inconclusive significance-aware gate set to warn: passed, but not shown either). */
function gateVerdict(g) { return !g.passed ? 'failed' : g.skipped ? 'skipped' : g.warning ? 'warning' : 'passed'; }
const VERDICT_BADGES = { passed: ['pass', 'pass'], failed: ['fail', 'fail'], skipped: ['skipped', 'neutral'], warning: ['warning', 'warn timeout'] };

/** 'Pass-rate drop (significance-aware) · qa › openai:x', 'No new failures (majority of repeats)', 'Minimum goodput · openai:x at concurrency=4' */
function gateName(g) {
  const where = g.dataset ? g.dataset + ' \u203a ' + g.provider : g.provider;
  return (GATE_TITLES[g.gate] || g.gate) + (g.majority ? ' (majority of repeats)' : '') + (where ? ' \u00b7 ' + where : '') + (g.load ? ' at ' + g.load : '');
}

function gateCaseLabel(c) { return c.dataset + ' \u203a ' + c.caseId + (c.variant === undefined ? '' : ' \u203a ' + c.variant) + ' \u203a ' + c.provider; }

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
  const warnings = gates.gates.filter((g) => gateVerdict(g) === 'warning').length;
  if (gates.gates.length) add(head, badgeEl(gates.passed ? (warnings ? 'gates passed \u00b7 ' + plural(warnings, 'warning') : 'all gates passed') : 'gates failed', gates.passed ? (warnings ? 'warn timeout' : 'pass') : 'fail'));
  const list = add(section, el('div', 'gate-list')).lastChild;
  if (!gates.gates.length) add(list, el('div', 'gate muted', 'No gates configured.'));
  gates.gates.forEach((g) => {
    const row = el('div', 'gate');
    row.setAttribute('data-gate', g.gate);
    const v = gateVerdict(g);
    row.setAttribute('data-verdict', v);
    add(row, badgeEl(VERDICT_BADGES[v][0], VERDICT_BADGES[v][1]));
    const name = el('span', 'name', gateName(g));
    name.title = shownText(gateName(g));
    add(row, name);
    add(row, el('span', 'mono muted', (g.valuesText ? g.valuesText + ' \u00b7 ' : '') + g.actualText + ' (limit ' + g.limitText + ')'));
    add(row, el('div', 'msg', g.skipped ? g.message + ' (' + g.skipped + ')' : g.message));
    if (g.cases && g.cases.length) add(row, foldedList(plural(g.cases.length, 'case') + ' behind this', g.cases, 200, !g.passed));
    add(list, row);
  });
  // noNewFailures by the majority rule: the lists below follow it, as the gate counts
  const majority = gates.gates.some((g) => g.gate === 'noNewFailures' && g.majority) && b && b.majority ? b.majority : null;
  if (b) renderBaselineChanges(section, b, majority);
}

function renderBaselineChanges(section, b, majority) {
  const failing = majority ? majority.newlyFailing : b.newlyFailing;
  const passing = majority ? majority.newlyPassing : b.newlyPassing;
  const card = cardEl('Since the baseline', 'pass rate ' + fmtPct(b.passRate.before) + ' \u2192 ' + fmtPct(b.passRate.after));
  card.classList.add('changes');
  card.style.marginTop = '14px';
  add(card, el('div', 'legend',
    plural(failing.length, 'newly failing case') + ' \u00b7 ' + plural(passing.length, 'newly passing case') + (majority ? ' (by the majority of repeats)' : '') + ' \u00b7 ' +
    plural(b.scoreChanges.length, 'score change') + ' \u00b7 ' + plural(b.newCases.length, 'new case') + ' \u00b7 ' + plural(b.missingCases.length, 'missing case')));
  const line = (c) => gateCaseLabel(c) + ': ' + (c.before || 'new') + ' \u2192 ' + c.after +
    (isNum(c.scoreBefore) || isNum(c.scoreAfter) ? ' (score ' + fmtScore(c.scoreBefore) + ' \u2192 ' + fmtScore(c.scoreAfter) + ')' : '') +
    (c.trialsAfter === undefined ? '' : ' (passed ' + (isNum(c.trialsBefore) ? (c.passesBefore || 0) + ' of ' + c.trialsBefore : DASH) + ' \u2192 ' + (c.passesAfter || 0) + ' of ' + c.trialsAfter + ')');
  if (failing.length) add(card, foldedList(majority ? 'Newly failing in a majority of repeats' : 'Newly failing', failing.map(line), 500, true));
  if (passing.length) add(card, foldedList(majority ? 'Newly passing in a majority of repeats' : 'Newly passing', passing.map(line), 500, false));
  if (b.scoreChanges.length) add(card, foldedList('Score changes', b.scoreChanges.map(line), 500, false));
  if (b.missingCases.length) add(card, foldedList('Not run now', b.missingCases.map(gateCaseLabel), 500, false));
  add(section, card);
}
`
