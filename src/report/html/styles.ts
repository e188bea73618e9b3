/**
 * The report's stylesheet: light and dark (prefers-color-scheme), responsive,
 * system fonts only (nothing to fetch). Inline, allowed by its CSP hash.
 */
export const reportCss = String.raw`
:root {
  color-scheme: light dark;
  --bg: #f4f6fb; --panel: #ffffff; --panel-2: #f3f5f9; --text: #141824; --muted: #667085; --faint: #98a2b3;
  --border: #e3e7ef; --grid: rgba(20, 24, 36, 0.08);
  --accent: #4f46e5; --accent-2: #0891b2; --accent-soft: rgba(79, 70, 229, 0.09);
  --passed: #16a34a; --failed: #dc2626; --error: #ea580c; --timeout: #ca8a04; --skipped: #94a3b8;
  --shadow: 0 1px 2px rgba(16, 24, 40, 0.04), 0 2px 8px rgba(16, 24, 40, 0.05);
  --radius: 14px;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  --mono: ui-monospace, "SF Mono", SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0b0e14; --panel: #131720; --panel-2: #1a1f2a; --text: #e7eaf1; --muted: #9aa4b5; --faint: #6b7588;
    --border: #252b37; --grid: rgba(231, 234, 241, 0.08);
    --accent: #8b8cf8; --accent-2: #22d3ee; --accent-soft: rgba(139, 140, 248, 0.13);
    --passed: #22c55e; --failed: #f87171; --error: #fb923c; --timeout: #facc15; --skipped: #64748b;
    --shadow: 0 1px 2px rgba(0, 0, 0, 0.3);
  }
}
* { box-sizing: border-box; }
html { scroll-behavior: smooth; scroll-padding-top: 64px; }
body { margin: 0; background: var(--bg); color: var(--text); font: 14px/1.5 var(--sans); -webkit-font-smoothing: antialiased; }
h1, h2, h3 { margin: 0; font-weight: 650; letter-spacing: -0.01em; }
h2 { font-size: 18px; }
h3 { font-size: 14px; }
button, input, select { font: inherit; color: inherit; }
.muted { color: var(--muted); }
.mono { font-family: var(--mono); font-size: 12.5px; }
.num { font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; }
.wrap { max-width: 1480px; margin: 0 auto; padding: 0 28px; }

.hero { background: linear-gradient(135deg, rgba(79, 70, 229, 0.13), rgba(8, 145, 178, 0.08) 60%, transparent); border-bottom: 1px solid var(--border); }
.hero .wrap { padding-top: 28px; padding-bottom: 22px; display: flex; flex-wrap: wrap; gap: 16px 32px; align-items: flex-end; justify-content: space-between; }
.brand { display: flex; align-items: center; gap: 8px; color: var(--muted); font-weight: 600; font-size: 12px; letter-spacing: 0.08em; text-transform: uppercase; }
.brand-mark { width: 10px; height: 10px; border-radius: 3px; background: linear-gradient(135deg, var(--accent), var(--accent-2)); }
.hero h1 { font-size: 26px; margin-top: 6px; word-break: break-all; }
.chips { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; }
.chip { display: inline-flex; align-items: center; gap: 6px; padding: 3px 10px; border-radius: 999px; border: 1px solid var(--border); background: var(--panel); font-size: 12.5px; color: var(--muted); }
.chip b { color: var(--text); font-weight: 600; }
.verdict { font-size: 13px; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; padding: 8px 16px; border-radius: 10px; color: #fff; background: var(--skipped); }
.verdict.ok { background: var(--passed); }
.verdict.bad { background: var(--failed); }
.verdict.warn { background: var(--timeout); }

.nav { position: sticky; top: 0; z-index: 5; background: color-mix(in srgb, var(--bg) 86%, transparent); backdrop-filter: blur(8px); border-bottom: 1px solid var(--border); }
.nav .wrap { display: flex; gap: 4px; overflow-x: auto; padding-top: 8px; padding-bottom: 8px; }
.nav a { color: var(--muted); text-decoration: none; padding: 5px 12px; border-radius: 8px; font-weight: 550; white-space: nowrap; }
.nav a:hover { color: var(--text); background: var(--accent-soft); }

.section { margin: 30px 0; }
.slot { display: contents; }
.section-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 14px; margin-bottom: 14px; }
.section-head p { margin: 0; font-size: 13px; }
.card { background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); padding: 16px 18px; min-width: 0; }
.card-title { display: flex; justify-content: space-between; gap: 8px; align-items: baseline; margin-bottom: 10px; }
.card-title span { font-size: 12px; color: var(--muted); }
.caption { margin: 8px 0 0; color: var(--muted); font-size: 12px; }

.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(215px, 1fr)); gap: 14px; }
.kpi { position: relative; overflow: hidden; }
.kpi::before { content: ""; position: absolute; inset: 0 auto 0 0; width: 3px; background: var(--tone, var(--accent)); opacity: 0.85; }
.kpi .label { color: var(--muted); font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.05em; }
.kpi .value { font-size: 27px; font-weight: 700; letter-spacing: -0.02em; margin: 2px 0 4px; font-variant-numeric: tabular-nums; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.kpi .value small { font-size: 14px; font-weight: 600; color: var(--muted); margin-left: 4px; }
.kpi .sub { color: var(--muted); font-size: 12.5px; line-height: 1.45; overflow-wrap: anywhere; }
.kpi.wide { grid-column: span 2; }
@media (max-width: 560px) { .kpi.wide { grid-column: auto; } }
.statusbar { display: flex; height: 8px; border-radius: 99px; overflow: hidden; background: var(--panel-2); margin: 8px 0 6px; }
.statusbar span { display: block; height: 100%; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: 12px; color: var(--muted); }
.dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 5px; vertical-align: 0; background: var(--skipped); }

.bg-passed { background: var(--passed); } .bg-failed { background: var(--failed); } .bg-error { background: var(--error); }
.bg-timeout { background: var(--timeout); } .bg-skipped { background: var(--skipped); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 11.5px; font-weight: 650; letter-spacing: 0.02em; border: 1px solid transparent; white-space: nowrap; }
.badge.passed, .badge.pass { color: var(--passed); background: color-mix(in srgb, var(--passed) 12%, transparent); }
.badge.failed, .badge.fail { color: var(--failed); background: color-mix(in srgb, var(--failed) 12%, transparent); }
.badge.error { color: var(--error); background: color-mix(in srgb, var(--error) 13%, transparent); }
.badge.timeout { color: var(--timeout); background: color-mix(in srgb, var(--timeout) 14%, transparent); }
.badge.skipped, .badge.neutral { color: var(--muted); background: var(--panel-2); }

.alerts { display: grid; gap: 8px; margin-top: 14px; }
.alert { display: flex; gap: 10px; align-items: flex-start; padding: 10px 14px; border-radius: 10px; border: 1px solid color-mix(in srgb, var(--timeout) 35%, var(--border)); background: color-mix(in srgb, var(--timeout) 8%, var(--panel)); font-size: 13px; overflow-wrap: anywhere; }
.alert.bad { border-color: color-mix(in srgb, var(--failed) 35%, var(--border)); background: color-mix(in srgb, var(--failed) 7%, var(--panel)); }
.alert.info { border-color: var(--border); background: var(--panel); }
.alert-icon { font-weight: 800; width: 18px; height: 18px; flex: none; border-radius: 50%; display: grid; place-items: center; font-size: 11px; color: #fff; background: var(--timeout); margin-top: 1px; }
.alert.bad .alert-icon { background: var(--failed); }
.alert.info .alert-icon { background: var(--accent); }

.grid-charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 440px), 1fr)); gap: 14px; margin-top: 14px; }
.chart-box { position: relative; height: 270px; }
.chart-box.tall { height: 300px; }

.table-wrap { overflow-x: auto; border: 1px solid var(--border); border-radius: var(--radius); background: var(--panel); box-shadow: var(--shadow); }
table.data { width: 100%; border-collapse: collapse; font-size: 13px; }
table.data th { text-align: left; font-size: 11.5px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); font-weight: 650; padding: 10px 12px; border-bottom: 1px solid var(--border); background: var(--panel-2); white-space: nowrap; position: sticky; top: 0; }
table.data td { padding: 8px 12px; border-bottom: 1px solid var(--border); vertical-align: middle; }
table.data tbody tr:last-child td { border-bottom: 0; }
table.data th.num, table.data td.num { text-align: right; }
table.data td.text { max-width: 340px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
table.providers-table th, table.providers-table td { padding-left: 8px; padding-right: 8px; }
table.providers-table th { white-space: normal; }
table.providers-table td:nth-child(-n+2) { max-width: 0; width: 22%; }
table.providers-table td:nth-child(2) { width: 14%; }
table.providers-table .clip { display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.bar-cell { display: flex; align-items: center; gap: 8px; justify-content: flex-end; }
.minibar { width: 64px; height: 6px; border-radius: 9px; background: var(--panel-2); overflow: hidden; }
.minibar span { display: block; height: 100%; background: var(--passed); }
.minibar { position: relative; }
.minibar .errbar { position: absolute; top: 0; background: transparent; border-left: 2px solid var(--text); border-right: 2px solid var(--text); box-shadow: inset 0 -2px 0 var(--text); opacity: 0.55; box-sizing: border-box; }

.matrix th { text-transform: none; letter-spacing: 0; font-size: 12px; }
.matrix td.cell { text-align: center; font-variant-numeric: tabular-nums; font-weight: 600; min-width: 92px; }
.matrix td.cell small { display: block; font-weight: 500; color: var(--muted); font-size: 11px; }

.interval { display: inline-flex; align-items: center; gap: 8px; white-space: nowrap; font-variant-numeric: tabular-nums; }
.ebar { position: relative; width: 90px; height: 8px; border-radius: 9px; background: var(--panel-2); }
.ebar .range { position: absolute; top: 0; bottom: 0; border-radius: 9px; background: color-mix(in srgb, var(--accent) 35%, transparent); }
.ebar .point { position: absolute; top: -2px; width: 3px; height: 12px; margin-left: -1px; border-radius: 2px; background: var(--accent); }
.versus { overflow-wrap: anywhere; }
table.comparison-table td:first-child, table.pareto-table td:nth-child(2) { max-width: 0; width: 30%; }
table.comparison-table .clip, table.pareto-table .clip, .sbs .clip { display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
#pareto { margin-top: 14px; }
.pareto-box { overflow: hidden; }
.pareto-svg { width: 100%; height: auto; max-height: 420px; display: block; font: 11.5px var(--sans); }
.pareto-svg .pareto-grid line { stroke: var(--grid); }
.pareto-svg .tick { fill: var(--muted); }
.pareto-svg .axis-title { fill: var(--muted); font-weight: 600; }
.pareto-svg .pareto-num { fill: #fff; font-weight: 700; pointer-events: none; }
.pareto-svg .pareto-lane { fill: var(--panel-2); }
.pareto-svg .front-ring { fill: none; stroke: var(--accent); stroke-width: 2; stroke-dasharray: 3 2; }
.mx-filters { margin-top: 14px; }
.mx-pager { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; justify-content: flex-end; margin-top: 12px; font-size: 13px; }
.mx-pager button { padding: 6px 12px; border-radius: 9px; border: 1px solid var(--border); background: var(--panel); cursor: pointer; }
.mx-pager button:disabled { opacity: 0.4; cursor: default; }
table.mx-table th.mx-col { max-width: 220px; overflow: hidden; text-overflow: ellipsis; text-transform: none; letter-spacing: 0; }
table.mx-table td.mx-case { max-width: 220px; }
table.mx-table td.mx-cell { vertical-align: top; min-width: 160px; max-width: 280px; }
.mx-head { display: flex; gap: 8px; align-items: center; margin-bottom: 4px; font-size: 12px; }
.mx-out { font: 12px/1.45 var(--mono); overflow-wrap: anywhere; white-space: pre-wrap; max-height: 5.8em; overflow: hidden; }
.mx-compare, .sbs-open, .sbs-close { padding: 4px 10px; border-radius: 8px; border: 1px solid var(--border); background: var(--panel); cursor: pointer; white-space: nowrap; }
.sbs { margin-top: 14px; padding: 14px; border: 1px solid var(--border); border-radius: var(--radius); background: var(--panel-2); display: grid; gap: 12px; }
.sbs .block { background: var(--panel); border: 1px solid var(--border); border-radius: 10px; padding: 12px 14px; min-width: 0; }
.sbs h4, .sbs-context h4 { margin: 0 0 6px; font-size: 11.5px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.sbs[hidden] { display: none; }
.sbs-head { display: flex; justify-content: space-between; gap: 12px; align-items: center; }
.sbs-head h3 { overflow-wrap: anywhere; }
.sbs-context { display: grid; gap: 10px; }
.sbs-references pre + pre { margin-top: 6px; }
.sbs-scroll { overflow-x: auto; }
.sbs-grid { display: grid; gap: 12px; }
.sbs-meta { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 6px 0; font-size: 12px; }
.sbs-reason { font-size: 12px; color: var(--failed); overflow-wrap: anywhere; margin-top: 4px; }
.sbs-prompt { margin-top: 8px; font-size: 12px; }
.sbs-prompt summary { cursor: pointer; color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin-bottom: 12px; }
.filters input[type="search"] { flex: 1 1 280px; min-width: 200px; padding: 8px 12px; border-radius: 10px; border: 1px solid var(--border); background: var(--panel); outline: none; }
.filters input[type="search"]:focus, .filters select:focus { border-color: var(--accent); box-shadow: 0 0 0 3px var(--accent-soft); }
.filters select { padding: 8px 10px; border-radius: 10px; border: 1px solid var(--border); background: var(--panel); max-width: 260px; }
.countline { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 8px; align-items: center; margin-bottom: 10px; font-size: 13px; }
.countline .legend { font-size: 12.5px; }
table.cases th button { all: unset; cursor: pointer; display: inline-flex; align-items: center; gap: 4px; }
table.cases th button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; border-radius: 4px; }
table.cases th .arrow { opacity: 0.35; font-size: 10px; }
table.cases th[aria-sort] .arrow { opacity: 1; color: var(--accent); }
table.cases tr.case-row { cursor: pointer; }
table.cases tr.case-row:hover td { background: var(--accent-soft); }
table.cases tr.case-row.open td { background: var(--accent-soft); border-bottom-color: transparent; }
table.cases td.toggle { width: 28px; padding-right: 0; color: var(--muted); }
.toggle button { all: unset; cursor: pointer; width: 20px; height: 20px; display: grid; place-items: center; border-radius: 6px; transition: transform 0.12s; }
.toggle button[aria-expanded="true"] { transform: rotate(90deg); color: var(--accent); }
.toggle button:focus-visible { outline: 2px solid var(--accent); }
.pdot { display: inline-block; width: 8px; height: 8px; border-radius: 3px; margin-right: 7px; }
.pager { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; justify-content: flex-end; margin-top: 12px; font-size: 13px; }
.pager button { padding: 6px 12px; border-radius: 9px; border: 1px solid var(--border); background: var(--panel); cursor: pointer; }
.pager button:disabled { opacity: 0.4; cursor: default; }
.pager select { padding: 5px 8px; border-radius: 9px; border: 1px solid var(--border); background: var(--panel); }
.empty { padding: 28px; text-align: center; color: var(--muted); }

tr.case-detail > td { padding: 0; background: var(--panel-2); }
.detail { padding: 16px 18px 20px; display: grid; gap: 14px; }
.stack { display: grid; gap: 14px; align-content: start; min-width: 0; }
.detail-cols { display: grid; grid-template-columns: minmax(0, 1.6fr) minmax(260px, 1fr); gap: 14px; }
@media (max-width: 900px) { .stack { display: grid; gap: 14px; align-content: start; min-width: 0; }
.detail-cols { grid-template-columns: minmax(0, 1fr); } }
.detail h4 { margin: 0 0 6px; font-size: 11.5px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.detail .block { background: var(--panel); border: 1px solid var(--border); border-radius: 10px; padding: 12px 14px; min-width: 0; }
pre.text { margin: 0; font: 12.5px/1.55 var(--mono); white-space: pre-wrap; overflow-wrap: anywhere; max-height: 340px; overflow: auto; }
.error-box { border-color: color-mix(in srgb, var(--failed) 40%, var(--border)) !important; }
.error-box b { color: var(--failed); }
dl.facts { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 4px 14px; margin: 0; font-size: 13px; }
dl.facts dt { color: var(--muted); white-space: nowrap; }
dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
table.evals { width: 100%; border-collapse: collapse; font-size: 13px; }
table.evals th { text-align: left; color: var(--muted); font-size: 11.5px; font-weight: 600; padding: 4px 8px; border-bottom: 1px solid var(--border); }
table.evals td { padding: 6px 8px; border-bottom: 1px solid var(--border); vertical-align: top; }
table.evals tr:last-child td { border-bottom: 0; }
table.evals td.reason { overflow-wrap: anywhere; white-space: pre-wrap; }
table.attempt-errors pre.text { max-height: 160px; }
.invisible-char { font: 600 0.85em var(--mono); color: var(--error); background: color-mix(in srgb, var(--error) 14%, transparent); border-radius: 3px; padding: 0 2px; unicode-bidi: isolate; direction: ltr; }

.gate-list { display: grid; gap: 8px; }
.gate { display: grid; grid-template-columns: auto minmax(0, 1fr) auto; gap: 4px 12px; align-items: baseline; padding: 10px 12px; border: 1px solid var(--border); border-radius: 10px; background: var(--panel); }
.gate .name { font-weight: 650; }
.gate .msg { grid-column: 2 / 4; color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
.gate details { grid-column: 2 / 4; font-size: 12.5px; }
.gate summary { cursor: pointer; color: var(--failed); font-weight: 600; }
.gate ul, .changes ul { margin: 6px 0 0; padding-left: 18px; }
.gate li, .changes li { overflow-wrap: anywhere; }
.gpu-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 14px; }
footer { color: var(--faint); font-size: 12px; text-align: center; padding: 24px 0 40px; }
noscript p { padding: 24px; text-align: center; }
@media (max-width: 640px) { .wrap { padding: 0 14px; } .hero h1 { font-size: 20px; } .kpi .value { font-size: 22px; } }
@media print { .nav, .filters, .pager { display: none; } .card, .table-wrap { box-shadow: none; } }
`
