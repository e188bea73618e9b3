import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CSV_SPOOL_NAME } from '../../src/report/artifacts/csv-spool.ts'
import type { GateReport } from '../../src/report/gates/types.ts'
import { cleanupAll, configSource, createProject, describeRun, type TestProject } from '../helpers/run-vitest.ts'

/**
 * The run's end in a process of its own (finish-run-process.ts) through real
 * `vitest run`s: the process is used when the environment says so (or for a
 * large results.jsonl), the terminal shows its table and gate report and a
 * failing gate still fails the run; where that process dies the run's end is
 * made in Vitest's process, with one line that says why, and nothing is lost.
 * A preload (NODE_OPTIONS `--import`, which every process of the run gets)
 * notes each end-of-run process, and kills it when asked to.
 */

afterAll(({}, suite) => cleanupAll(suite))

const APP = `export function answer({ prompt }: { prompt?: string }): string {
  return (prompt ?? '').includes('seven') ? 'wrong' : 'ok'
}
`
const WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight']
const DATASET = ['name: qa', 'assert: [toEqualExpected]', 'test_cases:', ...WORDS.map((w) => `  - { id: ${w}, prompt: "say ${w}", expected: ok }`), ''].join('\n')
// runs in every process: notes (and, asked to, ends) the end of run's own process before its module starts
const HOOK = `import { appendFileSync } from 'node:fs'
if (process.argv[1] && process.argv[1].includes('finish-run-child')) {
  appendFileSync(process.env.END_PROCESS_MARKER, process.pid + '\\n')
  if (process.env.END_PROCESS_DIE === '1') process.exit(7)
}
`

let project: TestProject
beforeAll(async () => {
  project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [{ type: 'function', module: './src/app.ts', export: 'answer', id: 'app' }], sampling: { enabled: false }, gates: { minPassRate: 0.95 } }`),
    files: { 'src/app.ts': APP, 'datasets/qa.dataset.yaml': DATASET, 'hook.mjs': HOOK },
  })
}, 60_000)

function env(marker: string, extra: Record<string, string> = {}): Record<string, string> {
  return { NODE_OPTIONS: `--import=${path.join(project.dir, 'hook.mjs')}`, END_PROCESS_MARKER: path.join(project.dir, marker), ...extra }
}

/** The end-of-run processes the hook saw. */
function seen(marker: string): string[] {
  const file = path.join(project.dir, marker)
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []
}

function resultsOf(dir: string): { cases: unknown[]; gates: GateReport | null } {
  return JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as { cases: unknown[]; gates: GateReport | null }
}

describe('the run\'s end in a process of its own, in a real run', () => {
  test('used when asked: its table and gate report are printed, its failing gate fails the run, every artifact is written', async () => {
    const run = await project.run(['run', '--project', 'llm'], { env: env('asked.pids', { LLM_BENCH_END_PROCESS: '1' }) })
    expect(run.code, describeRun(run)).toBe(1)
    expect(seen('asked.pids')).toHaveLength(1)
    expect(run.stdout).toContain('minPassRate')
    expect(run.stdout).toMatch(/7\/8|87\.5/)
    expect(run.stderr).not.toContain('could not be made in a process of its own')
    const dir = run.runDirs().at(-1) as string
    const results = resultsOf(dir)
    expect(results.cases).toHaveLength(8)
    expect(results.gates?.passed).toBe(false)
    for (const file of ['report.html', 'summary.md', 'csv/cases.csv']) expect(existsSync(path.join(dir, file)), file).toBe(true)
    // followed from the first record: cases.csv's lines came from the spool, which is gone once the end is made
    expect(readFileSync(path.join(dir, 'csv', 'cases.csv'), 'utf8').trim().split('\n')).toHaveLength(9)
    expect(existsSync(path.join(dir, CSV_SPOOL_NAME))).toBe(false)
  }, 180_000)

  test('a small run keeps its end in Vitest\'s process; one whose process dies is finished there, with why', async () => {
    const small = await project.run(['run', '--project', 'llm'], { env: env('small.pids') })
    expect(small.code, describeRun(small)).toBe(1)
    expect(seen('small.pids')).toEqual([])

    const before = new Set(small.runDirs())
    const died = await project.run(['run', '--project', 'llm'], { env: env('died.pids', { LLM_BENCH_END_PROCESS: '1', END_PROCESS_DIE: '1' }) })
    expect(died.code, describeRun(died)).toBe(1)
    expect(seen('died.pids')).toHaveLength(1)
    expect(died.stderr).toContain("llm-test-bench: the run's end could not be made in a process of its own (it exited (code 7) without an answer); it is made in Vitest's process")
    expect(died.stdout).toContain('minPassRate')
    const dir = died.runDirs().find((d) => !before.has(d)) as string
    const results = resultsOf(dir)
    expect(results.cases).toHaveLength(8)
    expect(results.gates?.passed).toBe(false)
    expect(existsSync(path.join(dir, 'report.html'))).toBe(true)
  }, 180_000)
})
