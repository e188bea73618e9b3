/**
 * The reporter's end of run at N case records (default 10,000 and 100,000;
 * targets: 10k under 2 s, 100k under 10 s, both under 300 MB peak RSS): each
 * variant in a fresh process that first writes the run's results.jsonl, 3
 * runs each, median printed, with the ratio to a baseline measured in the
 * same run (reading the file and writing the records as one JSON array, the
 * least any reporter does). Then the largest run's report.html is opened in
 * Chromium (Debian's, through playwright-core) from disk: the time until the
 * page says it is drawn with its first row of cases, and until every row is
 * in its table (a large page loads its rows from files after it is drawn),
 * median of 3.
 *
 * The dataset files' texts (report.html shows them) are in the case texts
 * cache, as a run's workers leave them; `--cold-texts` leaves the cache empty,
 * so the end of run parses the YAML files again.
 *
 *   node benchmarks/reporter/run.ts [--records 10000,100000] [--runs 3] [--cold-texts] [--chromium /usr/bin/chromium]
 */
import { execFileSync } from 'node:child_process'
import { existsSync, rmSync, statSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'

const { values } = parseArgs({ options: { records: { type: 'string', default: '10000,100000' }, runs: { type: 'string', default: '3' }, 'cold-texts': { type: 'boolean', default: false }, chromium: { type: 'string', default: process.env['LLM_BENCH_CHROMIUM'] ?? '/usr/bin/chromium' } } })
const repo = fileURLToPath(new URL('../../', import.meta.url))
const node = process.execPath
const counts = values.records.split(',').map(Number)
const runs = Number(values.runs)

interface Sample {
  variant: string
  records: number
  ms: number
  cpuMs: number
  peakRssMB: number
  rssBeforeMB: number
  writtenMB: number
}

const dirOf = (variant: string, count: number, run: number): string => join(repo, '.cache', 'bench-reporter', `${variant}-${count}-${run}`)

function measure(variant: string, count: number, run: number): Sample {
  const dir = dirOf(variant, count, run)
  rmSync(dir, { recursive: true, force: true })
  const child = (what: string): string => execFileSync(node, [join(repo, 'benchmarks/reporter/child.ts'), what, String(count), dir], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, LLM_BENCH_REPORTER_COLD_TEXTS: values['cold-texts'] ? '1' : '0' } })
  child('generate')
  const out = child(variant)
  // the run's files are big: keep only what the page-open measurement needs
  rmSync(join(dir, 'results.jsonl'), { force: true })
  rmSync(join(dir, 'results.json'), { force: true })
  rmSync(join(dir, 'records.json'), { force: true })
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Sample
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
console.log(`reporter end of run, median of ${runs} fresh processes (Node ${process.version}); dataset texts ${values['cold-texts'] ? 'parsed again (--cold-texts)' : 'from the case texts cache, as a run leaves them'}`)
for (const count of counts) {
  const results = new Map<string, Sample[]>()
  for (let i = 0; i < runs; i++) {
    for (const variant of ['baseline', 'reporter']) results.set(variant, [...(results.get(variant) ?? []), measure(variant, count, i)])
  }
  const row = (variant: string): { ms: number; cpu: number; rss: number; mb: number } => {
    const s = results.get(variant) ?? []
    return { ms: median(s.map((x) => x.ms)), cpu: median(s.map((x) => x.cpuMs)), rss: median(s.map((x) => x.peakRssMB)), mb: median(s.map((x) => x.writtenMB)) }
  }
  const base = row('baseline')
  const rep = row('reporter')
  const targetMs = count > 10_000 ? 10_000 : 2000
  console.log(`\n${count.toLocaleString('en')} case records (results.jsonl ${'→'} every artifact)`)
  console.log(`  baseline (read the file, write one JSON array): ${base.ms.toFixed(0)} ms (CPU ${base.cpu.toFixed(0)} ms), peak RSS ${base.rss.toFixed(0)} MB, ${base.mb.toFixed(1)} MB written`)
  console.log(`  llm-test-bench finishRun (all artifacts + gates): ${rep.ms.toFixed(0)} ms (CPU ${rep.cpu.toFixed(0)} ms), peak RSS ${rep.rss.toFixed(0)} MB, ${rep.mb.toFixed(1)} MB written`)
  console.log(`  ratio to baseline: time ${(rep.ms / base.ms).toFixed(1)}x, CPU ${(rep.cpu / base.cpu).toFixed(1)}x, peak RSS ${(rep.rss / base.rss).toFixed(2)}x`)
  console.log(`  target: under ${targetMs} ms and 300 MB ${'→'} ${rep.ms < targetMs && rep.rss < 300 ? 'met' : 'NOT met'} (machine load average ${loadavg()[0]?.toFixed(1)})`)
  for (const [variant, samples] of results) console.log(`    ${variant}: ${samples.map((s) => `${s.ms.toFixed(0)} ms/${s.peakRssMB.toFixed(0)} MB`).join(', ')}`)
}

// the largest run's report.html, opened from disk
const largest = Math.max(...counts)
const report = join(dirOf('reporter', largest, 0), 'report.html')
if (!existsSync(values.chromium)) console.log(`\nreport.html page open: skipped (no Chromium at ${values.chromium}; --chromium PATH)`)
else if (existsSync(report)) {
  const browser = await chromium.launch({ executablePath: values.chromium, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] })
  const times: number[] = []
  const allRows: number[] = []
  for (let i = 0; i < 3; i++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    const started = performance.now()
    await page.goto(pathToFileURL(report).href, { waitUntil: 'commit' })
    // the page draws its summary and first rows first and its other sections (charts) after: data-ready says all are drawn
    await page.waitForSelector('#case-rows tr.case-row', { timeout: 120_000 })
    times.push(performance.now() - started)
    await page.waitForSelector('html[data-ready="true"]', { timeout: 120_000 })
    // a large page's other rows come from row files after it is drawn: the table sorts and filters once they are in
    await page.waitForSelector(`#case-count[data-count="${largest}"]`, { timeout: 120_000 })
    allRows.push(performance.now() - started)
    await page.close()
  }
  await browser.close()
  console.log(`\nreport.html of ${largest.toLocaleString('en')} records (${(statSync(report).size / 2 ** 20).toFixed(2)} MB) opened in Chromium from disk, until its first page of cases is drawn: median ${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')}); target under 2000 ms ${'→'} ${median(times) < 2000 ? 'met' : 'NOT met'} (load average ${loadavg()[0]?.toFixed(1)})`)
  console.log(`  until every row is in the table (sorting and filters ready): median ${median(allRows).toFixed(0)} ms (${allRows.map((t) => t.toFixed(0)).join(', ')})`)
}
