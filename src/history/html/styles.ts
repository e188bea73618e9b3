import { reportCss } from '../../report/html/styles.ts'

/** history.html's stylesheet: report.html's, plus the trend cards, SVG charts and tooltip. */
export const historyCss =
  reportCss +
  String.raw`
.filter-bar { margin-top: 22px; }
.series-grid { display: grid; grid-template-columns: minmax(0, 1fr); gap: 14px; }
.series-head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline; gap: 6px 16px; margin-bottom: 6px; }
.series-title { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 12px; min-width: 0; }
.series-title h3 { overflow-wrap: anywhere; }
.series-title span { font-size: 12.5px; overflow-wrap: anywhere; }
.series-latest { display: flex; gap: 8px; align-items: baseline; font-variant-numeric: tabular-nums; }
.series-charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 300px), 1fr)); gap: 10px; }
figure.trend { margin: 0; min-width: 0; }
figure.trend figcaption { font-size: 11.5px; font-weight: 650; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); margin-bottom: 2px; }
svg.trend-chart { display: block; width: 100%; height: auto; overflow: visible; }
svg.trend-chart.linked { cursor: pointer; }
svg.trend-chart .grid { stroke: var(--grid); stroke-width: 1; }
svg.trend-chart .tick { fill: var(--muted); font: 10px var(--sans); font-variant-numeric: tabular-nums; }
svg.trend-chart .none { fill: var(--faint); font: 12px var(--sans); }
svg.trend-chart .band { fill: var(--accent); fill-opacity: 0.14; stroke: none; }
svg.trend-chart .errbar { stroke: var(--accent); stroke-opacity: 0.45; stroke-width: 2; }
svg.trend-chart .line { fill: none; stroke-width: 1.8; stroke-linejoin: round; stroke-linecap: round; }
svg.trend-chart .line.pass, svg.trend-chart .dot.pass { stroke: var(--accent); }
svg.trend-chart .line.p95, svg.trend-chart .dot.p95 { stroke: var(--accent-2); }
svg.trend-chart .line.cost, svg.trend-chart .dot.cost { stroke: var(--timeout); }
svg.trend-chart .dot { fill: var(--panel); stroke-width: 1.6; }
svg.trend-chart .guide { stroke: var(--muted); stroke-dasharray: 3 3; }
.tip { position: fixed; z-index: 20; display: none; pointer-events: none; max-width: 420px; padding: 8px 11px; border-radius: 9px; border: 1px solid var(--border); background: var(--panel); box-shadow: 0 4px 18px rgba(16, 24, 40, 0.18); font-size: 12.5px; line-height: 1.45; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.tip .tip-head { font-family: var(--mono); font-weight: 650; }
a.run-link { color: var(--accent); text-decoration: none; }
a.run-link:hover { text-decoration: underline; }
table.models-table td:first-child, table.runs-table td:first-child { overflow-wrap: anywhere; }
`
