/** Client: reads the embedded data and draws the page. */
export const mainJs = String.raw`
function main() {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  document.title = shownText(data.run.project + ' \u00b7 ' + data.run.runId) + ' \u00b7 llm-test-bench';
  const root = document.getElementById('app');
  applyChartTheme();
  renderHeader(root, data);
  renderNav(root, data);
  const page = add(root, el('main', 'wrap')).lastChild;
  renderOverview(page, data);
  renderGates(page, data.gates);
  renderProviders(page, data);
  renderMatrix(page, data);
  renderLoad(page, data);
  renderSystem(page, data);
  renderDatasets(page, data);
  renderCases(page, data);
  add(root, el('footer', null, 'llm-test-bench \u00b7 self-contained report (no network) \u00b7 charts by Chart.js'));
  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  if (scheme.addEventListener) scheme.addEventListener('change', rebuildCharts);
  document.documentElement.setAttribute('data-ready', 'true');
}

try {
  main();
} catch (error) {
  const root = document.getElementById('app');
  add(root, el('p', 'alert bad', 'The report could not be drawn: ' + (error && error.message ? error.message : String(error))));
  document.documentElement.setAttribute('data-ready', 'error');
  throw error;
}
`
