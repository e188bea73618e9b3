/**
 * `dataset from-logs` on a large production log (default 100,000 lines of the
 * production-sample format: 5 categories, feedback on 30%, e-mails and phone
 * numbers in 10%, 5% exact and 5% near duplicates): each variant in a fresh
 * process, median of N runs, with the ratio to a baseline measured in the
 * same run (streaming the file and JSON.parse of every line).
 *
 *   node benchmarks/from-logs/run.ts [--lines 100000] [--runs 3]
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { mulberry32 } from '../../src/dataset/sources/sample.ts'

const { values } = parseArgs({ options: { lines: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' } } })
const lines = Number(values.lines)
const runs = Number(values.runs)
const repo = fileURLToPath(new URL('../../', import.meta.url))
const dir = join(repo, '.cache', 'bench-from-logs')
const log = join(dir, `prod-${lines}.jsonl`)

const WORDS = 'account billing invoice refund shipping order package delivery password login error payment card subscription plan upgrade cancel address warehouse tracking status update question help please thanks urgent'.split(' ')

function generate(): void {
  mkdirSync(dir, { recursive: true })
  const random = mulberry32(2026)
  const pick = (): string => WORDS[Math.floor(random() * WORDS.length)] as string
  const chunks: string[] = []
  let previous = ''
  for (let i = 0; i < lines; i++) {
    const roll = random()
    let input: string
    if (roll < 0.05 && previous !== '') input = previous.toUpperCase() // exact after normalisation
    else if (roll < 0.1 && previous !== '') input = `${previous.split(' ').slice(0, -1).join(' ')} ${pick()}` // near: last word changed
    else input = Array.from({ length: 30 + Math.floor(random() * 30) }, pick).join(' ') + ` #${i}`
    if (random() < 0.1) input += ` contact me at user${i}@example.com or +1 415 555 ${String(1000 + (i % 9000))}`
    previous = input
    const feedback = random() < 0.3 ? { score: Math.round(random() * 100) / 100 } : undefined
    chunks.push(JSON.stringify({ id: `r${i}`, timestamp: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), input, output: `answer ${i} ${pick()} ${pick()}`, ...(feedback ? { feedback } : {}), metadata: { category: `c${i % 5}` } }))
    if (chunks.length === 10_000) {
      writeFileSync(log, `${chunks.join('\n')}\n`, { flag: i < 10_000 ? 'w' : 'a' })
      chunks.length = 0
    }
  }
  if (chunks.length > 0) writeFileSync(log, `${chunks.join('\n')}\n`, { flag: lines <= 10_000 ? 'w' : 'a' })
}

interface Sample {
  ms: number
  cpuMs: number
  peakRssMB: number
  cases?: number
}

function measure(args: string[]): Sample {
  const output = execFileSync(process.execPath, [join(repo, 'benchmarks', 'from-logs', 'child.ts'), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 })
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Sample
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number

if (!existsSync(log)) generate()
console.log(`log: ${lines} lines, ${(statSync(log).size / 1e6).toFixed(1)} MB; ${runs} runs each, median; load average ${loadavg()[0]?.toFixed(2)}`)
const variants: Array<[string, string[]]> = [
  ['baseline (read + JSON.parse)', ['baseline', log]],
  ['random 1000, near dedup', ['build', log, join(dir, 'random.dataset.yaml'), 'random', '1000', 'near']],
  ['stratified 1000, near dedup', ['build', log, join(dir, 'stratified.dataset.yaml'), 'stratified', '1000', 'near']],
  ['feedback-weighted 1000, exact dedup', ['build', log, join(dir, 'weighted.dataset.yaml'), 'feedback-weighted', '1000', 'exact']],
  ['every line, near dedup', ['build', log, join(dir, 'all.dataset.yaml'), 'random', 'all', 'near']],
]
let baseline = 0
for (const [name, args] of variants) {
  const samples = Array.from({ length: runs }, () => measure(args))
  const ms = median(samples.map((sample) => sample.ms))
  if (baseline === 0) baseline = ms
  const rss = median(samples.map((sample) => sample.peakRssMB))
  const cpu = median(samples.map((sample) => sample.cpuMs))
  console.log(`${name.padEnd(38)} ${(ms / 1000).toFixed(2).padStart(6)} s  cpu ${(cpu / 1000).toFixed(2).padStart(6)} s  peak RSS ${rss.toFixed(0).padStart(4)} MB  ${(ms / baseline).toFixed(1).padStart(5)}× baseline  cases ${samples[0]?.cases ?? '-'}`)
}
