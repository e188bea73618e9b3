import type { Measurement } from './measure.ts'

export interface Row extends Measurement {
  name: string
  cases: number
}

interface Cell {
  wallMs: number
  casesPerSecond: number
  /** Peak RSS (MB) of Vitest's main process, its forks worker(s) (the largest), and any other process (the largest). */
  mainMb: number | null
  workerMb: number | null
  otherMb: number | null
  largestMb: number
  firstRequestMs: number | null
  exitAfterLastMs: number | null
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

function role(process: string): 'main' | 'worker' | 'other' {
  if (/forks|threads/.test(process)) return 'worker'
  if (/vitest\.mjs/.test(process)) return 'main'
  return 'other'
}

function cell(rows: Row[]): Cell {
  const peak = (r: 'main' | 'worker' | 'other'): number | null => {
    const mbs = rows.flatMap((row) => row.processes.filter(([p]) => role(p) === r).map(([, mb]) => mb))
    return mbs.length > 0 ? Math.max(...mbs) : null
  }
  const wallMs = median(rows.map((r) => r.wallMs))
  const exits = rows.map((r) => r.exitAfterLastMs).filter((x): x is number => x !== null)
  const firsts = rows.map((r) => r.firstRequestMs).filter((x): x is number => x !== null)
  return {
    wallMs,
    casesPerSecond: (rows[0] as Row).cases / (wallMs / 1000),
    mainMb: peak('main'),
    workerMb: peak('worker'),
    otherMb: peak('other'),
    largestMb: Math.max(...rows.flatMap((r) => r.processes.map(([, mb]) => mb))),
    firstRequestMs: firsts.length > 0 ? median(firsts) : null,
    exitAfterLastMs: exits.length > 0 ? median(exits) : null,
  }
}

const mb = (x: number | null): string => (x === null ? '–' : x.toFixed(0))
const seconds = (ms: number | null): string => (ms === null ? '–' : (ms / 1000).toFixed(2))

/** The table (medians of the repeats; peak RSS: the largest of the repeats), the slopes and the ratios the targets name. */
export function printSummary(rows: Row[], sizes: number[]): void {
  const names = [...new Set(rows.map((r) => r.name))]
  const cells = new Map<string, Cell>()
  for (const name of names) for (const size of sizes) {
    const some = rows.filter((r) => r.name === name && r.cases === size)
    if (some.length > 0) cells.set(`${name}@${size}`, cell(some))
  }
  const at = (name: string, size: number): Cell | undefined => cells.get(`${name}@${size}`)
  console.log('\n| cases | contender | wall (s) | cases/s | peak RSS MB: main | worker | other | first request (s) | exit after last test (s) |')
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const size of sizes) for (const name of names) {
    const c = at(name, size)
    if (!c) continue
    console.log(`| ${size} | ${name} | ${(c.wallMs / 1000).toFixed(2)} | ${c.casesPerSecond.toFixed(0)} | ${mb(c.mainMb)} | ${mb(c.workerMb)} | ${mb(c.otherMb)} | ${seconds(c.firstRequestMs)} | ${seconds(c.exitAfterLastMs)} |`)
  }
  console.log('\nslope of peak RSS between sizes (KB per case; target < 1 for llm-test-bench):')
  for (const name of names) for (let i = 1; i < sizes.length; i++) {
    const a = at(name, sizes[i - 1] as number)
    const b = at(name, sizes[i] as number)
    if (!a || !b) continue
    const per = (x: number | null, y: number | null): string => (x === null || y === null ? '–' : (((y - x) * 1024) / ((sizes[i] as number) - (sizes[i - 1] as number))).toFixed(2))
    console.log(`  ${name.padEnd(16)} ${sizes[i - 1]} → ${sizes[i]}: main ${per(a.mainMb, b.mainMb)}, worker ${per(a.workerMb, b.workerMb)}, other ${per(a.otherMb, b.otherMb)}`)
  }
  console.log('\nratios:')
  const ratio = (size: number, of: string, to: string, what: (c: Cell) => number, target: string): void => {
    const a = at(of, size)
    const b = at(to, size)
    if (a && b) console.log(`  at ${size}: ${of} / ${to} ${what === throughput ? 'throughput' : 'largest process RSS'}: ${(what(a) / what(b)).toFixed(2)}× (${target})`)
  }
  const throughput = (c: Cell): number => c.casesPerSecond
  const memory = (c: Cell): number => c.largestMb
  for (const size of sizes) {
    ratio(size, 'llm-test-bench', 'plain Vitest', throughput, 'target ≥ 0.9× at 20,000')
    ratio(size, 'llm-test-bench', 'bare SDK loop', throughput, 'target ≥ 0.8× at 20,000')
    ratio(size, 'llm-test-bench', 'promptfoo 0.123', throughput, 'target ≥ 5× at 2,000')
    ratio(size, 'llm-test-bench', 'promptfoo 0.123', memory, 'target ≤ 0.6× at 2,000')
  }
  for (const size of sizes) {
    const c = at('llm-test-bench', size)
    if (c) console.log(`  llm-test-bench at ${size}: largest process ${c.largestMb.toFixed(0)} MB (target < 300 MB at 100,000)`)
  }
}
