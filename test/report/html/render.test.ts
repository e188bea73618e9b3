import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { chartJsSource } from '../../../src/report/html/chart-source.ts'
import { clientScript } from '../../../src/report/html/client/index.ts'
import { renderReportHtml } from '../../../src/report/html/render.ts'
import { EVIL, makeResults } from './fixture.ts'

/** The text of every `<script>` element and its attributes, as a parser would split them (our scripts hold no `</script`). */
function scripts(html: string): Array<{ attrs: string; text: string }> {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1] ?? '', text: m[2] ?? '' }))
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

describe('renderReportHtml', () => {
  const html = renderReportHtml(makeResults({ casesPerDataset: 2, evil: true }))
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? ''

  test('three script elements: the data (not run), Chart.js and the page script', () => {
    const found = scripts(html)
    expect(found.map((s) => s.attrs.trim())).toEqual(['type="application/json" id="report-data"', '', ''])
    expect(found[1]?.text).toBe(chartJsSource())
    expect(found[2]?.text).toBe(clientScript())
  })

  test('the CSP loads nothing and allows exactly the inline scripts and the stylesheet', () => {
    expect(csp.split('; ')[0]).toBe("default-src 'none'")
    const [, chart, app] = scripts(html)
    expect(csp).toContain(`script-src ${sha256(chart?.text ?? '')} ${sha256(app?.text ?? '')};`)
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? ''
    expect(csp).toContain(`style-src ${sha256(style)};`)
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/)
    // the CSP comes before anything it governs
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'))
  })

  test('untrusted text is only in the JSON block, escaped', () => {
    for (const evil of Object.values(EVIL)) expect(html).not.toContain(evil)
    const data = scripts(html)[0]?.text ?? ''
    expect(data).toContain('\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e')
    expect(JSON.parse(data).cases.some((c: { output: string | null }) => c.output?.includes(EVIL.breakout))).toBe(true)
  })

  test('offline: no URL to load from, no source map, Chart.js inlined', () => {
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:|\/\/)/i)
    expect(html).not.toContain('sourceMappingURL')
    expect(chartJsSource()).toMatch(/^\/\*!\n \* Chart\.js v4\./)
  })

  test('the page script builds DOM from text only', () => {
    expect(clientScript()).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setAttribute\('on/)
  })
})
