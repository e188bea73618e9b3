/** Client: pass rate of every dataset on every provider, and the categories. */
export const datasetsJs = String.raw`
function rateTint(rate) {
  return isNum(rate) ? 'hsla(' + Math.round(rate * 130) + ', 72%, 45%, ' + (0.12 + 0.16 * (1 - Math.abs(rate - 0.5) * 2) + 0.1) + ')' : 'transparent';
}

function renderDatasets(parent, data) {
  const section = sectionEl(parent, 'datasets', 'Datasets', 'Pass rate of each dataset on each provider (passed / ran).');
  if (!data.datasets.length) {
    add(section, el('p', 'muted', 'No dataset ran.'));
    return;
  }
  const cells = new Map();
  data.matrix.forEach((m) => cells.set(m.dataset + '\u0000' + m.provider, m));
  const table = el('table', 'data matrix');
  const headRow = add(el('tr'), el('th', null, 'Dataset'));
  data.providers.forEach((p, i) => add(headRow, add(el('th', 'num'), providerDot(i), p.label)));
  add(headRow, el('th', 'num', 'All providers'), el('th', 'num', 'Cases'), el('th', 'num', 'E2E p50'));
  add(table, add(el('thead'), headRow));
  const body = el('tbody');
  data.datasets.forEach((d) => {
    const tr = add(el('tr'), el('td', 'text', d.label));
    data.providers.forEach((p) => {
      const m = cells.get(d.label + '\u0000' + p.label);
      const td = el('td', 'cell');
      if (m && m.ran) {
        td.style.background = rateTint(m.passRate);
        add(td, fmtPct(m.passRate), el('small', null, m.passed + ' / ' + m.ran));
      } else td.textContent = DASH;
      add(tr, td);
    });
    add(tr, add(el('td', 'num'), passCell(d.stats.passRate, d.stats.passRateInterval)), el('td', 'num', fmtInt(d.stats.cases)), el('td', 'num', fmtMs(d.stats.e2eMs.p50)));
    add(body, tr);
  });
  add(section, add(el('div', 'table-wrap'), add(table, body)));
  const matchers = Object.keys(data.summary.scores).sort();
  if (matchers.length) {
    add(section, el('h3', null, 'Evaluators')).lastChild.style.margin = '18px 0 10px';
    add(section, tableEl(
      [{ label: 'Evaluator' }, { label: 'Evaluations', num: true }, { label: 'Passing', num: true }, { label: 'Mean score', num: true }],
      matchers.map((m) => {
        const sc = data.summary.scores[m];
        return [add(el('span', 'mono'), m), fmtInt(sc.count), passCell(isNum(sc.passed) && sc.count ? sc.passed / sc.count : null), fmtScore(sc.mean)];
      }),
      'evaluators-table',
    ));
  }
  const categories = data.categories.filter((c) => c.label !== '(none)');
  if (categories.length) {
    add(section, el('h3', null, 'Categories')).lastChild.style.margin = '18px 0 10px';
    add(section, tableEl(
      [{ label: 'Category' }, { label: 'Cases', num: true }, { label: 'Pass rate', num: true }, { label: 'E2E p50', num: true }, { label: 'Errors', num: true }],
      categories.map((c) => [c.label, fmtInt(c.stats.cases), passCell(c.stats.passRate, c.stats.passRateInterval), fmtMs(c.stats.e2eMs.p50), fmtInt(c.stats.errored + c.stats.timedOut)]),
    ));
  }
}
`
