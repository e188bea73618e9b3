/**
 * The artifacts' pass alone (`writeArtifacts`: results.json, the CSVs,
 * summary.md, report.html and its case files), timed in CPU: one end of run
 * (`finishRun` over the `results.jsonl` in `dir`) makes the results, then
 * `writeArtifacts` runs `n` times over the same records (read by position,
 * in file order) into throwaway folders under `out`. Prints the CPU ms of
 * each run, their minimum (the least disturbed on a shared machine) and the
 * load average. The input folder is only read.
 *
 *   node benchmarks/reporter/artifacts.ts <dir with results.jsonl> [n] [out]
 */
import { mkdirSync, rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { resolveOptions } from '../../src/config/options.ts'
import { writeArtifacts } from '../../src/report/artifacts/write-artifacts.ts'
import { finishRun } from '../../src/report/finish-run.ts'
import { jsonlSource } from '../../src/report/record-source.ts'

const [src = '.cache/bench-reporter', runs = '3', out = '.cache/bench-artifacts'] = process.argv.slice(2)
rmSync(out, { recursive: true, force: true })
const dir = join(out, 'runs', 'r1')
mkdirSync(dir, { recursive: true })
const source = jsonlSource(join(src, 'results.jsonl'))
const options = resolveOptions({ name: 'bench', sampling: { enabled: false }, gates: { noNewFailures: true, maxP95LatencyIncrease: 0.2 } })
const run = { id: 'r1', dir, startedAt: new Date('2026-11-22T10:00:00Z') }
const { results } = finishRun({ run, endedAt: new Date('2026-11-22T11:00:00Z'), options, mode: 'run', vitest: { config: { root: out } }, records: source, failures: [], reason: 'passed', samples: [] })
const positions = new Uint32Array(results.cases.length).map((_, i) => i)
const cpu: number[] = []
for (let k = 0; k < Number(runs); k++) {
  const into = join(out, `pass-${k}`)
  mkdirSync(into, { recursive: true })
  const start = process.cpuUsage()
  const { report } = options
  writeArtifacts(into, results, { html: report.html, csv: report.csv, markdown: report.markdown, rawResponses: report.rawResponses, recordLines: () => source.linesInOrder(positions) })
  const used = process.cpuUsage(start)
  cpu.push(Math.round((used.user + used.system) / 1000))
  rmSync(into, { recursive: true, force: true })
}
rmSync(out, { recursive: true, force: true })
console.log(`${results.cases.length.toLocaleString('en')} records: writeArtifacts ${cpu.join(', ')} ms CPU (min ${Math.min(...cpu)}), load average ${loadavg()[0]?.toFixed(1)}`)
