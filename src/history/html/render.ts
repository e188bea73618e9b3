import { contentSecurityPolicy } from '../../report/html/csp.ts'
import { jsonForScript } from '../../report/html/embed-json.ts'
import { historyClientScript } from './client/index.ts'
import type { HistoryPage } from './page-model.ts'
import { historyCss } from './styles.ts'

/**
 * `history.html`: one self-contained file that opens offline, under
 * report.html's rules. The data is embedded as escaped JSON in a
 * `<script type="application/json">` block (never as markup) and drawn by the
 * page's own script through text nodes; the Content-Security-Policy allows
 * exactly that script and the stylesheet (by hash): no network, no other
 * script. Links go only to runs' report.html files, as relative paths.
 */
export function renderHistoryHtml(page: HistoryPage): string {
  const data = jsonForScript(page)
  const app = historyClientScript()
  for (const [name, text] of [['the history script', app], ['the stylesheet', historyCss]] as const) assertInlineSafe(name, text)
  const csp = contentSecurityPolicy({ scripts: [app], styles: [historyCss] })
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
    '<title>llm-test-bench history</title>',
    '<link rel="icon" href="data:,">',
    `<style>${historyCss}</style>`,
    '</head>',
    '<body>',
    '<div id="app"></div>',
    '<noscript><p>This page draws itself with JavaScript; the data is in each run folder&#39;s results.json.</p></noscript>',
    `<script type="application/json" id="history-data">${data}</script>`,
    `<script>${app}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

/** Inline text that could end its element early or switch the HTML parser's mode is refused. */
function assertInlineSafe(name: string, text: string): void {
  if (/<\/(script|style)|<!--/i.test(text)) throw new Error(`history.html: ${name} holds a sequence that would break out of its inline element`)
}
