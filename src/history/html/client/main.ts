/** Client: reads the embedded data and draws the page. */
export const mainJs = String.raw`
function renderHero(root, data) {
  const runs = data.runs;
  const first = runs[0], last = runs[runs.length - 1];
  const title = data.projects.length ? data.projects.join(', ') : 'all projects';
  const chips = add(el('div', 'chips'),
    add(el('span', 'chip'), el('b', null, fmtInt(runs.length)), ' runs'),
    add(el('span', 'chip'), el('b', null, fmtInt(data.series.length)), ' series'),
    add(el('span', 'chip'), el('b', null, fmtInt(data.models.length)), ' provider/models'),
    first ? add(el('span', 'chip'), first.startedAt.slice(0, 10) + ' \u2192 ' + last.startedAt.slice(0, 10)) : null,
    last && last.commit ? add(el('span', 'chip'), 'latest commit ', el('b', null, shortCommit(last))) : null);
  const hero = add(el('header', 'hero'), add(el('div', 'wrap'), add(el('div'), add(el('div', 'brand'), el('span', 'brand-mark'), 'llm-test-bench \u00b7 history'), el('h1', null, title), chips)));
  add(root, hero);
  add(root, add(el('nav', 'nav'), add(el('div', 'wrap'), navLink('#trends', 'Trends'), navLink('#models', 'Model comparison'), navLink('#runs', 'Runs'))));
}

function navLink(href, text) {
  const a = el('a', null, text);
  a.setAttribute('href', href);
  return a;
}

function main() {
  const started = performance.now();
  const data = JSON.parse(document.getElementById('history-data').textContent);
  document.title = shownText((data.projects.length ? data.projects.join(', ') : 'all projects') + ' \u00b7 history') + ' \u00b7 llm-test-bench';
  const root = document.getElementById('app');
  renderHero(root, data);
  const page = add(root, el('main', 'wrap')).lastChild;
  const filterBar = add(page, el('div', 'filter-bar')).lastChild;
  const cards = renderTrends(page, data);
  const models = renderModels(page, data);
  const runs = renderRuns(page, data);
  renderFilters(filterBar, data, { cards: cards, models: models, runs: runs });
  add(root, el('footer', null, 'llm-test-bench \u00b7 self-contained history (no network) \u00b7 written ' + fmtTime(Date.parse(data.generatedAt))));
  // milliseconds from navigation start until drawn, and in this function (benchmarks/history/html.ts reads them)
  document.documentElement.setAttribute('data-drawn-ms', String(Math.round(performance.now())));
  document.documentElement.setAttribute('data-draw-ms', String(Math.round(performance.now() - started)));
  document.documentElement.setAttribute('data-ready', 'true');
}

try {
  main();
} catch (error) {
  const root = document.getElementById('app');
  add(root, el('p', 'alert bad', 'The history could not be drawn: ' + (error && error.message ? error.message : String(error))));
  document.documentElement.setAttribute('data-ready', 'error');
  throw error;
}
`
