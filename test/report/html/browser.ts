import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

/**
 * Real headless Chromium (Debian's, driven by playwright-core) for the
 * report's tests and screenshot: a fresh profile each time, every request
 * observed (and any but the report file's own refused), console errors and
 * page errors kept.
 */

export const CHROMIUM = process.env['LLM_BENCH_CHROMIUM'] ?? '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export interface ReportBrowser {
  context: BrowserContext
  /** Every URL the pages asked for, in order (a request the CSP blocks included). */
  requests: string[]
  /** Requests that got past the page to the network layer (all but the report's own file are aborted there). */
  routed: string[]
  /** URL and Chromium's reason for every request that failed ('csp' when the page's policy refused it). */
  failed: Array<{ url: string; reason: string }>
  consoleErrors: string[]
  pageErrors: string[]
  /** Writes the HTML to a file and opens it; resolves once the page says it is drawn. */
  open(html: string, options?: { name?: string }): Promise<{ page: Page; url: string; loadMs: number }>
  /** Opens a report.html already on disk; the files in its folder (a large report's case chunks) may be read too. */
  openFile(file: string): Promise<{ page: Page; url: string; loadMs: number }>
  close(): Promise<void>
}

export async function launchReportBrowser(options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number; deviceScaleFactor?: number } = {}): Promise<ReportBrowser> {
  const dir = mkdtempSync(join(tmpdir(), 'llm-bench-report-'))
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: options.width ?? 1400, height: options.height ?? 900 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    colorScheme: options.colorScheme ?? 'light',
    offline: true,
  })
  const requests: string[] = []
  const routed: string[] = []
  const failed: Array<{ url: string; reason: string }> = []
  const consoleErrors: string[] = []
  const pageErrors: string[] = []
  const allowed = new Set<string>()
  const allowedFolders: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    routed.push(url)
    return allowed.has(url) || allowedFolders.some((folder) => url.startsWith(folder)) ? route.continue() : route.abort()
  })
  context.on('request', (request) => requests.push(request.url()))
  context.on('requestfailed', (request) => failed.push({ url: request.url(), reason: request.failure()?.errorText ?? '' }))
  context.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  context.on('weberror', (error) => pageErrors.push(error.error().message))
  let n = 0
  return {
    context,
    requests,
    routed,
    failed,
    consoleErrors,
    pageErrors,
    async open(html, openOptions = {}) {
      const file = join(dir, `${openOptions.name ?? `report-${++n}`}.html`)
      writeFileSync(file, html)
      const url = pathToFileURL(file).href
      allowed.add(url)
      const page = context.pages().find((p) => p.url() === 'about:blank') ?? (await context.newPage())
      const started = performance.now()
      await page.goto(url)
      await page.waitForSelector('html[data-ready]', { timeout: 30_000 })
      return { page, url, loadMs: performance.now() - started }
    },
    async openFile(file) {
      const url = pathToFileURL(file).href
      allowedFolders.push(url.slice(0, url.lastIndexOf('/') + 1))
      const page = context.pages().find((p) => p.url() === 'about:blank') ?? (await context.newPage())
      const started = performance.now()
      await page.goto(url)
      await page.waitForSelector('html[data-ready]', { timeout: 60_000 })
      return { page, url, loadMs: performance.now() - started }
    },
    async close() {
      await context.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * What the tests touch of a page's globals, typed just enough: the project's
 * TypeScript has no DOM types. In a callback run in the page:
 * `const { document } = globalThis as unknown as PageGlobals`.
 */
export interface PageNode {
  id: string
  textContent: string | null
  innerHTML: string
  children: ArrayLike<PageNode>
  getAttribute(name: string): string | null
  closest(selector: string): PageNode | null
  appendChild(node: PageNode): PageNode
  click(): void
  getBoundingClientRect(): { bottom: number }
}

export interface PageCanvas extends PageNode {
  width: number
  height: number
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null
}

export interface PageGlobals {
  document: {
    body: PageNode & { innerText: string }
    documentElement: PageNode & { scrollHeight: number }
    images: ArrayLike<unknown>
    scripts: ArrayLike<unknown>
    querySelector(selector: string): PageNode | null
    querySelectorAll(selector: string): ArrayLike<PageNode>
    getElementById(id: string): PageNode | null
    createElement(tag: string): PageNode
  }
  window: {
    scrollY: number
    __pwned?: number
    Chart: { instances: Record<string, { canvas: PageCanvas; data: { datasets: Array<{ data: unknown[] }> } }> }
  }
  getComputedStyle(node: PageNode): { backgroundColor: string }
}

/** Waits until the case table's count says `n`. */
export async function waitForCount(page: Page, n: number, timeout?: number): Promise<void> {
  await page.waitForFunction(
    (expected) => (globalThis as unknown as PageGlobals).document.querySelector('#case-count')?.getAttribute('data-count') === String(expected),
    n,
    timeout === undefined ? undefined : { timeout },
  )
}

/** Opens a report in `browser` and unfolds the first case's detail row (the page, ready to read). */
export async function openFirstCaseDetail(browser: ReportBrowser, html: string): Promise<Page> {
  const { page } = await browser.open(html)
  await page.locator('#case-rows tr.case-row').first().click()
  await page.locator('#case-rows tr.case-detail').waitFor()
  return page
}
