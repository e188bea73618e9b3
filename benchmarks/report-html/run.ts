/**
 * report.html of a large run opened in Chromium (Debian's, through
 * playwright-core) from disk, N times in fresh pages: where the time goes
 * before the case table's first row shows. The run (default 100,000 records,
 * benchmarks/reporter/records.ts) is generated and reported once into
 * .cache/bench-report-html/ (kept: --fresh writes it again, e.g. after
 * changing the page's data). Measured inside the page (performance.now(),
 * from navigation start): the first row in the DOM, its frame and the first task after that frame
 * (painted),
 * the page's own "drawn" signal, every row in the table (sorting and filters
 * ready), and the long tasks (> 50 ms) before the first row and in all.
 * Medians printed beside the load average; sizes of report.html and its files.
 * --profile: one more open with the CPU profiler on, its top functions by
 * self time before the first row. --script: the kept run's report.html gets
 * the page's current script (and its CSP hash) without reporting the run
 * again (a quick loop while changing only src/report/html/client/).
 * --baseline REV: the same page with its script as it was at git revision
 * REV (src/report/html/client/ at REV), opened in turn with this tree's, so
 * both are measured under the same load.
 *
 *   node benchmarks/report-html/run.ts [--records 100000] [--runs 5] [--fresh] [--script] [--baseline REV] [--profile] [--chromium /usr/bin/chromium]
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { chromium, type Page } from 'playwright-core'
import { clientScript } from '../../src/report/html/client/index.ts'
import { hashSource } from '../../src/report/html/csp.ts'

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    fresh: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    script: { type: 'boolean', default: false },
    baseline: { type: 'string' },
    chromium: { type: 'string', default: process.env['LLM_BENCH_CHROMIUM'] ?? '/usr/bin/chromium' },
  },
})
const repo = fileURLToPath(new URL('../../', import.meta.url))
const count = Number(values.records)
const runs = Number(values.runs)
const dir = join(repo, '.cache', 'bench-report-html', `run-${count}`)
const report = join(dir, 'report.html')
const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ')

if (values.fresh || !existsSync(report)) {
  rmSync(dir, { recursive: true, force: true })
  const child = (what: string): void => void execFileSync(process.execPath, [join(repo, 'benchmarks/reporter/child.ts'), what, String(count), dir], { cwd: repo, stdio: 'inherit' })
  console.log(`generating and reporting a ${count.toLocaleString('en')}-record run into ${dir} (load average ${load()})`)
  child('generate')
  child('reporter')
  for (const big of ['results.jsonl', 'results.json']) rmSync(join(dir, big), { force: true })
}
/** The page with another script of its own (its last inline <script>) and that script's CSP hash. */
function withScript(html: string, app: string): string {
  const at = html.lastIndexOf('<script>') + '<script>'.length
  const end = html.indexOf('</script>', at)
  return html.slice(0, at).replace(hashSource(html.slice(at, end)), hashSource(app)) + app + html.slice(end)
}
if (values.script) writeFileSync(report, withScript(readFileSync(report, 'utf8'), clientScript()))
// the baseline: the same page and files with the page's script as it was at a git revision, beside it
const pages: Array<{ label: string; file: string }> = []
if (values.baseline) {
  const at = join(repo, '.cache', 'bench-report-html', `client-${values.baseline}`)
  rmSync(at, { recursive: true, force: true })
  mkdirSync(at, { recursive: true })
  execFileSync('sh', ['-c', `git archive ${JSON.stringify(values.baseline)} src/report/html/client | tar -x -C ${JSON.stringify(at)}`], { cwd: repo })
  const old = (await import(pathToFileURL(join(at, 'src/report/html/client/index.ts')).href)) as { clientScript: () => string }
  const file = join(dir, 'report-baseline.html')
  writeFileSync(file, withScript(readFileSync(report, 'utf8'), old.clientScript()))
  pages.push({ label: `baseline (page script at ${values.baseline})`, file })
}
pages.push({ label: 'this tree', file: report })
if (!existsSync(values.chromium)) {
  console.log(`no Chromium at ${values.chromium} (--chromium PATH)`)
  process.exit(0)
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(2)} MB`
const casesDir = join(dir, 'report-cases')
const files = existsSync(casesDir) ? readdirSync(casesDir) : []
const sizeOf = (names: string[]): number => names.reduce((t, f) => t + statSync(join(casesDir, f)).size, 0)
const rowFiles = files.filter((f) => f.startsWith('rows-'))
const caseFiles = files.filter((f) => !f.startsWith('rows-'))
console.log(`report.html ${mb(statSync(report).size)}; ${rowFiles.length} row files ${mb(sizeOf(rowFiles))} (largest ${mb(Math.max(0, ...rowFiles.map((f) => sizeOf([f]))))}); ${caseFiles.length} case files ${mb(sizeOf(caseFiles))}`)

/** Installed before the page's own script: marks taken from the DOM as it changes, and the long tasks. */
const probe = `(() => {
  const m = { longTasks: [] };
  window.__benchMarks = m;
  try { new PerformanceObserver((list) => { for (const e of list.getEntries()) m.longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true }); } catch {}
  new MutationObserver(() => {
    const t = performance.now();
    const row = document.querySelector('#case-rows tr.case-row td.case-id');
    if (m.firstRow === undefined && row) {
      m.firstRow = t;
      // the frame that draws it, then the first task after that frame (its paint is done by then)
      requestAnimationFrame(() => { m.firstRowFrame = performance.now(); setTimeout(() => { m.firstRowPainted = performance.now(); }, 0); });
    }
    if (m.summary === undefined && document.querySelector('#overview')) m.summary = t;
    if (m.drawn === undefined && document.documentElement.getAttribute('data-ready')) m.drawn = t;
    const c = document.querySelector('#case-count');
    if (m.allRows === undefined && c && c.getAttribute('data-count') === '${count}') m.allRows = t;
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();`

interface Marks {
  firstRow: number
  firstRowFrame: number
  firstRowPainted: number
  summary: number
  drawn: number
  allRows: number
  fcp: number
  /** The page's own performance.mark()s (its drawing stages), by name. */
  stages: Record<string, number>
  longTasks: Array<[number, number]>
}

async function open(page: Page, file = report): Promise<Marks> {
  await page.goto(pathToFileURL(file).href, { waitUntil: 'commit' })
  await page.waitForFunction(() => {
    const m = (globalThis as unknown as { __benchMarks?: { allRows?: number; firstRowPainted?: number; drawn?: number } }).__benchMarks
    return m !== undefined && m.allRows !== undefined && m.firstRowPainted !== undefined && m.drawn !== undefined
  }, undefined, { timeout: 120_000, polling: 100 })
  // a moment for the tasks after the last row (the matrix) to finish and be observed
  await page.waitForTimeout(1500)
  return page.evaluate(() => {
    const m = (globalThis as unknown as { __benchMarks: Omit<Marks, 'fcp' | 'stages'> }).__benchMarks
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN
    const stages: Record<string, number> = {}
    for (const e of performance.getEntriesByType('mark')) stages[e.name] ??= e.startTime
    return { ...m, fcp, stages }
  })
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const ms = (x: number): string => `${x.toFixed(0)} ms`
const browser = await chromium.launch({ executablePath: values.chromium, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] })
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
await context.addInitScript(probe)
const samples = new Map<string, Marks[]>(pages.map((p) => [p.label, []]))
const cpu = process.cpuUsage()
for (let i = 0; i < runs; i++) {
  for (const { label, file } of pages) {
    const page = await context.newPage()
    samples.get(label)?.push(await open(page, file))
    await page.close()
  }
}
for (const [label, of] of samples) {
  const line = (what: string, pick: (m: Marks) => number): void => console.log(`  ${what}: median ${ms(median(of.map(pick)))} (${of.map((m) => pick(m).toFixed(0)).join(', ')})`)
  console.log(`\n${label}: report.html of ${count.toLocaleString('en')} records, ${runs} opens from disk (Chromium ${browser.version()}), times from navigation start; load average ${load()}`)
  line('first contentful paint', (m) => m.fcp)
  line('summary (overview) in the DOM', (m) => m.summary)
  line('first case row in the DOM', (m) => m.firstRow)
  line('first case row: its frame starts', (m) => m.firstRowFrame)
  line('first case row: first task after its frame (painted)', (m) => m.firstRowPainted)
  line('page says drawn', (m) => m.drawn)
  line('every row in the table', (m) => m.allRows)
  const before = (m: Marks): Array<[number, number]> => m.longTasks.filter(([start]) => start < m.firstRow)
  const after = (m: Marks): Array<[number, number]> => m.longTasks.filter(([start]) => start >= m.firstRow)
  line('long tasks before the first row, total', (m) => before(m).reduce((t, [, d]) => t + d, 0))
  line('longest task before the first row', (m) => Math.max(0, ...before(m).map(([, d]) => d)))
  line('long tasks after the first row, total', (m) => after(m).reduce((t, [, d]) => t + d, 0))
  line('longest task after the first row', (m) => Math.max(0, ...after(m).map(([, d]) => d)))
  const stageNames = [...new Set(of.flatMap((m) => Object.keys(m.stages)))]
  for (const name of stageNames) line(`page mark ${name}`, (m) => m.stages[name] ?? Number.NaN)
  const last = of.at(-1)
  if (last) console.log(`  long tasks of the last open (start+duration ms): ${last.longTasks.map(([s, d]) => `${s.toFixed(0)}+${d.toFixed(0)}`).join(', ')}`)
}

if (values.profile) {
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await cdp.send('Profiler.start')
  const marks = await open(page)
  const { profile } = await cdp.send('Profiler.stop')
  // self time per function, samples before the first row (profile times are µs on their own clock: map by the first sample)
  const self = new Map<string, number>()
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  let t = profile.startTime
  const deltas = profile.timeDeltas ?? []
  const until = profile.startTime + (marks.firstRow + 50) * 1000
  ;(profile.samples ?? []).forEach((id, k) => {
    t += deltas[k] ?? 0
    if (t > until) return
    const node = byId.get(id)
    if (!node) return
    const f = node.callFrame
    const name = `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.split('/').at(-1)?.slice(0, 20)}:${f.lineNumber + 1}` : ''}`
    self.set(name, (self.get(name) ?? 0) + (deltas[k] ?? 0) / 1000)
  })
  console.log(`\nCPU profile of one more open (first row at ${ms(marks.firstRow)}): top self time before it`)
  for (const [name, time] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${time.toFixed(1).padStart(8)} ms  ${name}`)
  await page.close()
}
await browser.close()
const used = process.cpuUsage(cpu)
console.log(`\n(this process's CPU: ${((used.user + used.system) / 1000).toFixed(0)} ms; load average now ${load()})`)
