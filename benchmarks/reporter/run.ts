/**
 * Reporter time and memory for N case records (default 10,000; target: under 2 s
 * and 300 MB): each variant in a fresh process, 3 runs each, median printed,
 * with the ratio to a baseline measured in the same run (writing the records as
 * one JSON file, the least any reporter does).
 *
 *   node benchmarks/reporter/run.ts [--records 10000] [--runs 3]
 */
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { records: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' } } })
const repo = fileURLToPath(new URL('../../', import.meta.url))
const node = process.execPath

interface Sample {
  variant: string
  records: number
  ms: number
  peakRssMB: number
  rssBeforeMB: number
  writtenMB: number
}

function measure(variant: string, run: number): Sample {
  const dir = join(repo, '.cache', 'bench-reporter', `${variant}-${run}`)
  rmSync(dir, { recursive: true, force: true })
  const out = execFileSync(node, [join(repo, 'benchmarks/reporter/child.ts'), variant, values.records, dir], { cwd: repo, encoding: 'utf8' })
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Sample
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const runs = Number(values.runs)
const results = new Map<string, Sample[]>()
for (let i = 0; i < runs; i++) {
  for (const variant of ['baseline', 'reporter']) results.set(variant, [...(results.get(variant) ?? []), measure(variant, i)])
}
const row = (variant: string): { ms: number; rss: number; mb: number } => {
  const s = results.get(variant) ?? []
  return { ms: median(s.map((x) => x.ms)), rss: median(s.map((x) => x.peakRssMB)), mb: median(s.map((x) => x.writtenMB)) }
}
const base = row('baseline')
const rep = row('reporter')
console.log(`reporter end of run, ${values.records} case records, median of ${runs} fresh processes (Node ${process.version})`)
console.log(`baseline (JSON.stringify the records to one file): ${base.ms.toFixed(0)} ms, peak RSS ${base.rss.toFixed(0)} MB, ${base.mb.toFixed(1)} MB written`)
console.log(`llm-test-bench finishRun (all artifacts + gates):  ${rep.ms.toFixed(0)} ms, peak RSS ${rep.rss.toFixed(0)} MB, ${rep.mb.toFixed(1)} MB written`)
console.log(`ratio to baseline: time ${(rep.ms / base.ms).toFixed(1)}x, peak RSS ${(rep.rss / base.rss).toFixed(2)}x`)
console.log(`target: under 2000 ms and 300 MB → ${rep.ms < 2000 && rep.rss < 300 ? 'met' : 'NOT met'}`)
for (const [variant, samples] of results) console.log(`  ${variant}: ${samples.map((s) => `${s.ms.toFixed(0)} ms/${s.peakRssMB.toFixed(0)} MB`).join(', ')}`)
