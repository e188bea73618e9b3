/**
 * benchmarks/fleet-aggregate (issue 12 §5): what `writeFleetArtifacts` costs on a large fleet.
 * For each size `<repositories>x<cases per cell>` (two providers, one scenario), a child process
 * writes the cell run folders' results.jsonl, then a fresh child times one writeFleetArtifacts
 * (every format: fleet-results.json, csv/, executive-report.html), 3 times without the cell folders
 * (the aggregation §5 sizes) and 3 times with them (per cell results.json, results.csv and a
 * response file per case); prints the median wall time, CPU time and
 * peak RSS against the targets (10,000 cases < 2 s; 100,000 < 10 s and 300 MB).
 *
 *   node benchmarks/fleet-aggregate/run.ts [--sizes 100x50,1000x50] [--runs 3] [--formats json,csv,html]
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100x50,1000x50' }, runs: { type: 'string', default: '3' }, formats: { type: 'string', default: 'json,csv,html' } } })
const here = import.meta.dirname
const node = process.execPath
const TARGETS: Record<number, { ms: number; mb: number | null }> = { 10_000: { ms: 2000, mb: null }, 100_000: { ms: 10_000, mb: 300 } }

interface Run {
  wallMs: number
  cpuMs: number
  peakRssMB: number
  tests: number
  responseFiles: number
}

for (const size of (values.sizes ?? '').split(',')) {
  const [repos = 0, cases = 0] = size.split('x').map(Number)
  const total = repos * 2 * cases
  const dir = mkdtempSync(join(tmpdir(), 'fleet-aggregate-'))
  try {
    const g0 = performance.now()
    execFileSync(node, [join(here, 'generate.ts'), dir, String(repos), String(cases)], { stdio: 'inherit' })
    const generateMs = performance.now() - g0
    for (const folders of ['no-folders', 'folders']) {
      const runs: Run[] = []
      for (let i = 0; i < Number(values.runs); i++) {
        const out = execFileSync(node, [join(here, 'aggregate.ts'), dir, values.formats ?? '', folders], { encoding: 'utf8' })
        runs.push(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Run)
      }
      runs.sort((a, b) => a.wallMs - b.wallMs)
      const median = runs[Math.floor(runs.length / 2)] as Run
      const peak = Math.max(...runs.map((r) => r.peakRssMB))
      const target = TARGETS[total]
      const vs = target ? ` | target < ${target.ms} ms: ${(median.wallMs / target.ms).toFixed(2)}× of it${target.mb ? `; < ${target.mb} MB: ${(peak / target.mb).toFixed(2)}× of it` : ''}` : ''
      const what = folders === 'folders' ? 'fleet files + cell folders' : 'aggregation + fleet files'
      console.log(
        `${repos} repositories × 2 providers × ${cases} cases = ${median.tests} cases (generated in ${Math.round(generateMs)} ms), ${what}: median ${median.wallMs} ms wall, ${median.cpuMs} ms CPU, peak RSS ${peak} MB, ${median.responseFiles} response files; runs ${runs.map((r) => r.wallMs).join('/')} ms${vs}`,
      )
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
