import type { CaseRecord } from '../../record/schema.ts'
import type { RunResults } from '../run-results.ts'
import { chartJsSource } from './chart-source.ts'
import { clientScript } from './client/index.ts'
import { contentSecurityPolicy } from './csp.ts'
import { jsonForScript } from './embed-json.ts'
import { LazyPageCases, lazyPageData, type WriteChunk } from './lazy-cases.ts'
import { buildPageData, PageCaseBuilder, pageData } from './page-data.ts'
import type { PageCase, PageData } from './page-model.ts'
import { reportCss } from './styles.ts'
import type { PreloadedTexts } from './case-context.ts'

/**
 * `report.html`: one self-contained file that opens offline. The run's data
 * is embedded as escaped JSON in a `<script type="application/json">` block
 * (never as markup) and drawn by the page's own script through `textContent`;
 * Chart.js is inlined. A Content-Security-Policy allows exactly the two
 * inline scripts and the stylesheet (by hash) and nothing else: no network,
 * no other script, so even a mistake cannot run a model's output.
 */
export function renderReportHtml(results: RunResults, records: () => Iterable<CaseRecord> = () => results.cases): string {
  return renderPage(buildPageData(results, records))
}

/**
 * A large run's `report.html` (see lazy-cases.ts): the page with a row per
 * case, and the whole cases in chunk files handed to `writeChunk` (name
 * relative to the run's folder, text) as the records are read.
 */
export function renderLazyReportHtml(results: RunResults, records: () => Iterable<CaseRecord>, writeChunk: WriteChunk, chunkSize?: number): string {
  return renderPage(lazyPageData(results, records, writeChunk, chunkSize))
}

/**
 * report.html filled a record at a time (one pass over a run's records fills
 * every artifact): `add` each record in order, then `finish` gives the page.
 * With `writeChunk`, the large run's page (see {@link renderLazyReportHtml}).
 */
export interface ReportHtmlPass {
  add(record: CaseRecord): void
  finish(): string
}

/** `texts`: the dataset files' case texts read ahead (see case-context-preload.ts). */
export function reportHtmlPass(results: RunResults, writeChunk?: WriteChunk, texts?: PreloadedTexts): ReportHtmlPass {
  if (writeChunk) {
    const lazy = new LazyPageCases(results, writeChunk, undefined, texts)
    return { add: (r) => lazy.add(r), finish: () => renderPage(lazy.finish()) }
  }
  const builder = new PageCaseBuilder(results, texts)
  const cases: PageCase[] = []
  return { add: (r) => void cases.push(builder.add(r)), finish: () => renderPage(pageData(results, builder, cases)) }
}

function renderPage(page: PageData): string {
  const data = jsonForScript(page)
  const chart = chartJsSource()
  const app = clientScript()
  for (const [name, text] of [['Chart.js', chart], ['the report script', app], ['the stylesheet', reportCss]] as const) assertInlineSafe(name, text)
  // a large run's page inserts its case chunks as scripts: trusted through its own (hashed) script
  const csp = contentSecurityPolicy({ scripts: [chart, app], styles: [reportCss], dynamic: page.caseIndex !== undefined })
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="generator" content="llm-test-bench">',
    '<title>llm-test-bench report</title>',
    '<link rel="icon" href="data:,">',
    `<style>${reportCss}</style>`,
    '</head>',
    '<body>',
    '<div id="app"></div>',
    '<noscript><p>This report draws itself with JavaScript; the data is in results.json beside it.</p></noscript>',
    `<script type="application/json" id="report-data">${data}</script>`,
    `<script>${chart}</script>`,
    `<script>${app}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

/** Inline text that could end its element early or switch the HTML parser's mode is refused. */
function assertInlineSafe(name: string, text: string): void {
  if (/<\/(script|style)|<!--/i.test(text)) throw new Error(`report.html: ${name} holds a sequence that would break out of its inline element`)
}
