/**
 * Client: colours (read from the stylesheet, so charts follow light/dark)
 * and the chart registry, which redraws every chart when the scheme changes.
 */
export const themeJs = String.raw`
const PALETTE = ['#6366f1', '#06b6d4', '#f59e0b', '#10b981', '#ec4899', '#8b5cf6', '#ef4444', '#84cc16', '#0ea5e9', '#f97316', '#14b8a6', '#a855f7'];
const STATUSES = ['passed', 'failed', 'error', 'timeout', 'skipped'];
const PERCENTILES = ['p50', 'p90', 'p95', 'p99'];

function paletteColor(i) { return PALETTE[i % PALETTE.length]; }

function withAlpha(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return 'rgba(' + ((n >> 16) & 255) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + a + ')';
}

function cssVar(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }

/** Shades of the accent for p50..p99, light to strong. */
function percentileColors() {
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  return dark ? ['#c7d2fe', '#a5b4fc', '#818cf8', '#6366f1'] : ['#c7d2fe', '#818cf8', '#4f46e5', '#312e81'];
}

/** Green from 90%, amber from 60%, red below. */
function rateColor(rate) {
  return cssVar(!isNum(rate) ? '--skipped' : rate >= 0.9 ? '--passed' : rate >= 0.6 ? '--timeout' : '--failed');
}

const charts = [];

function chartsAvailable() { return typeof Chart !== 'undefined'; }

function applyChartTheme() {
  if (!chartsAvailable()) return;
  const d = Chart.defaults;
  d.color = cssVar('--muted');
  d.borderColor = cssVar('--grid');
  d.font.family = getComputedStyle(document.body).fontFamily;
  d.font.size = 12;
  d.animation = false;
  d.maintainAspectRatio = false;
  d.responsive = true;
  d.plugins.legend.labels.boxWidth = 10;
  d.plugins.legend.labels.boxHeight = 10;
  d.plugins.legend.labels.useBorderRadius = true;
  d.plugins.legend.labels.borderRadius = 3;
  d.plugins.tooltip.cornerRadius = 8;
  d.plugins.tooltip.padding = 10;
  d.elements.bar.borderRadius = 5;
  d.elements.line.borderWidth = 2;
  d.elements.point.radius = 0;
  d.elements.point.hoverRadius = 4;
}

/**
 * A chart in a card: make() returns a Chart.js config and is called again
 * on a colour-scheme change. Returns the card.
 */
function chartCard(parent, title, note, caption, make, tall) {
  const card = cardEl(title, note);
  const box = el('div', 'chart-box' + (tall ? ' tall' : ''));
  const canvas = el('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', title);
  add(parent, add(card, add(box, canvas)));
  if (caption) add(card, el('p', 'caption', caption));
  if (!chartsAvailable()) {
    add(box, el('p', 'muted', 'Charts are unavailable (Chart.js did not load).'));
    return card;
  }
  const entry = { canvas: canvas, make: make, chart: null };
  charts.push(entry);
  const draw = () => { entry.chart = new Chart(canvas, make()); };
  if (chartQueue) chartQueue.push(draw);
  else draw();
  return card;
}

/**
 * While the page draws itself in stages (main.ts), charts wait here and are
 * drawn one per task (each lays out and paints its canvas: at once, six are
 * one long task); null: a chart is drawn when its card is made.
 */
let chartQueue = null;

function rebuildCharts() {
  applyChartTheme();
  charts.forEach((entry) => {
    if (!entry.chart) return;
    entry.chart.destroy();
    entry.chart = new Chart(entry.canvas, entry.make());
  });
}
`
