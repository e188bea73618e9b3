/**
 * Client: reads the embedded data and draws the page, in stages so that a
 * large run's page shows its summary and the case table's first rows at
 * once: the header, the overview and the case table are drawn first (the
 * table at its place at the bottom, the other sections in empty slots above
 * it, `display: contents`), the browser draws a frame, and then each other
 * section (gates, providers, side by side, load, system, datasets) is drawn
 * in a task of its own, and each of its charts in one more (chartQueue in
 * theme.ts), so the page stays responsive between them. `<html data-ready="true">` once every section is drawn ('error' if
 * one could not be); `performance.mark('llm-bench:first-rows')` and
 * `'llm-bench:drawn'` say when (benchmarks/report-html/ reads them).
 */
export const mainJs = String.raw`
function main() {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  document.title = shownText(data.run.project + ' \u00b7 ' + data.run.runId) + ' \u00b7 llm-test-bench';
  const root = document.getElementById('app');
  renderHeader(root, data);
  renderNav(root, data);
  const page = add(root, el('main', 'wrap')).lastChild;
  renderOverview(page, data);
  const slot = () => add(page, el('div', 'slot')).lastChild;
  const later = [
    [slot(), (into) => renderGates(into, data.gates)],
    [slot(), (into) => renderProviders(into, data)],
    [slot(), (into) => renderMatrix(into, data)],
    [slot(), (into) => renderLoad(into, data)],
    [slot(), (into) => renderSystem(into, data)],
    [slot(), (into) => renderDatasets(into, data)],
  ];
  renderCases(page, data);
  add(root, el('footer', null, 'llm-test-bench \u00b7 self-contained report (no network) \u00b7 charts by Chart.js'));
  performance.mark('llm-bench:first-rows');
  chartQueue = [];
  const next = () => {
    const chart = chartQueue.shift();
    if (chart) {
      try {
        chart();
      } catch (error) {
        failed(error);
        return;
      }
      setTimeout(next, 0);
      return;
    }
    const step = later.shift();
    if (!step) {
      chartQueue = null;
      const scheme = window.matchMedia('(prefers-color-scheme: dark)');
      if (scheme.addEventListener) scheme.addEventListener('change', rebuildCharts);
      performance.mark('llm-bench:drawn');
      document.documentElement.setAttribute('data-ready', 'true');
      return;
    }
    try {
      step[1](step[0]);
    } catch (error) {
      failed(error);
      return;
    }
    setTimeout(next, 0);
  };
  // the charts' theme, then the other sections, once the first frame is drawn
  afterFrame(() => {
    try {
      applyChartTheme();
    } catch (error) {
      failed(error);
      return;
    }
    next();
  });
}

function failed(error) {
  const root = document.getElementById('app');
  add(root, el('p', 'alert bad', 'The report could not be drawn: ' + (error && error.message ? error.message : String(error))));
  document.documentElement.setAttribute('data-ready', 'error');
  setTimeout(() => { throw error; }, 0);
}

try {
  main();
} catch (error) {
  failed(error);
}
`
