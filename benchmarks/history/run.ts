/**
 * The run history index at scale (issue 14 §1; targets: listing runs and
 * drawing one trend under 200 ms each with 1,000 runs × 10,000 cases indexed;
 * indexing one 10,000-case run folder under 1 s). Each phase runs in a fresh
 * process (see phase.ts) and prints its time and peak RSS; the query phase
 * runs 3 times, medians printed.
 *
 *   node benchmarks/history/run.ts [--runs 1000] [--dir .cache/bench-history]
 */
import { execFileSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const repo = fileURLToPath(new URL('../../', import.meta.url))
const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000' }, dir: { type: 'string', default: join(repo, '.cache', 'bench-history') } } })
const base = resolve(values.dir)
type Row = Record<string, number>
const phase = (name: string, dir: string, arg?: string): Row => {
  const out = execFileSync(process.execPath, [join(repo, 'benchmarks/history/phase.ts'), name, dir, ...(arg ? [arg] : [])], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  return JSON.parse(out.trim().split('\n').at(-1) as string) as Record<string, number>
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const ms = (v: number | undefined): string => `${(v ?? Number.NaN).toFixed(1)} ms`

const historyDir = join(base, 'synthetic')
const synth = phase('synth', historyDir, values.runs)
const size = statSync(join(historyDir, 'history.sqlite')).size
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs (wall times stretch under load; CPU times are the steadier figure)`)
console.log(`indexed ${synth.runs} runs × 10,000 cases: ${((synth.ms ?? 0) / 1000).toFixed(1)} s (${ms(synth.perRunMs)} a run, ${ms(synth.perRunCpuMs)} CPU), index ${(size / 1024 / 1024).toFixed(1)} MB, peak RSS ${synth.peakRssMB} MB`)

const queries = [1, 2, 3].map(() => phase('query', historyDir))
const q = (key: string): number => median(queries.map((r) => r[key] as number))
const target = (v: number, limit: number): string => `${ms(v)} (${(v / limit).toFixed(2)}× the ${limit} ms target)`
console.log(`open the index: ${ms(q('openMs'))}`)
console.log(`list runs (all ${queries[0]?.listedRuns}): ${target(q('listAllMs'), 200)}, CPU ${ms(q('listAllCpuMs'))}; the latest 30: ${ms(q('listLast30Ms'))}`)
console.log(`one trend (dataset × provider, ${queries[0]?.trendPoints} points): ${target(q('trendMs'), 200)}, CPU ${ms(q('trendCpuMs'))}; the latest 30 runs: ${ms(q('trendLast30Ms'))}`)
console.log(`one run's case outcomes (${queries[0]?.caseOutcomes}): ${ms(q('caseOutcomesMs'))}; the history table of 30 runs with paired changes: ${ms(q('historyTable30Ms'))}`)
console.log(`query process peak RSS: ${median(queries.map((r) => r.peakRssMB as number))} MB`)

const folderDir = join(base, 'folder')
const folder = phase('folder', folderDir)
console.log(`made a 10,000-record run folder with finishRun in ${ms(folder.ms)}`)
const fromDisk = [1, 2, 3].map(() => phase('index-folder', folderDir))
const fromMemory = [1, 2, 3].map(() => phase('index-memory', folderDir))
const m = (rows: Row[], key: string): number => median(rows.map((r) => r[key] as number))
console.log(`index the 10,000-case run folder from disk (read results.json + index): ${target(m(fromDisk, 'ms'), 1000)}, CPU ${ms(m(fromDisk, 'cpuMs'))} [read ${ms(m(fromDisk, 'readMs'))}, index ${ms(m(fromDisk, 'indexMs'))}], peak RSS ${m(fromDisk, 'peakRssMB')} MB`)
console.log(`index it from the records in memory (the run's end): ${target(m(fromMemory, 'ms'), 1000)}, CPU ${ms(m(fromMemory, 'cpuMs'))}, peak RSS ${m(fromMemory, 'peakRssMB')} MB (holds the 10,000 whole records)`)
