import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { cleanupAll, configSource, createProject, describeRun, REPO, yamlDataset, type TestProject, type VitestRun } from '../../helpers/run-vitest.ts'
import type { RunResults } from '../../../src/report/run-results.ts'
import { startTestServer } from '../../server/test-server.ts'
import type { TestServer } from '../../server/types.ts'
import { runVitestInTerminal, type TerminalRun } from './pty.ts'
import { renderTranscript } from './virtual-terminal.ts'

/**
 * Progress end to end: a throwaway project's reporter (`progress-reporter.ts`)
 * forwards Vitest's hooks to `LlmBenchProgress` next to Vitest's own reporter,
 * as the plugin's reporter does (its own progress is off here, `progress: false`,
 * so that the test's reporter can print what it showed). 12 cases on 2 providers of
 * the test server, tokens 150 ms apart, 2 at a time per provider: about 3 s.
 * Per provider 9 cases pass, 2 fail their assertion, 1 is refused (400: error).
 * Checked: plain lines in a pipe; on a real pseudo-terminal (`script`) the live
 * line inside Vitest's window (`default`, `dot`) or our own (`minimal`), and
 * that the screen left behind holds Vitest's summary whole and no progress line.
 */

const COLUMNS = 160
const IDS = ['ok-01', 'ok-02', 'bad-1', 'ok-03', 'ok-04', 'ok-05', 'broken-1', 'ok-06', 'bad-2', 'ok-07', 'ok-08', 'ok-09']
const FINAL = /^progress final: llm-test-bench \[llm\] 24\/24 cases \(100%\) · 18 passed · 4 failed · 2 errors · [\d.]+ cases\/s · ETA 0s · alpha 12\/12, beta 12\/12$/m
const PROGRESS = /llm-test-bench \[llm\] (\d+)\/24 cases \(\d+%\) · (\d+) passed · (\d+) failed · (\d+) errors? · (?:[\d.]+|—) cases\/s · ETA (?:\S+) · alpha (\d+)\/12, beta (\d+)\/12/g

const REPORTER = `import type { Reporter, TestCase, TestModule, TestSpecification, Vitest } from 'vitest/node'
import { LlmBenchProgress } from ${JSON.stringify(path.join(REPO, 'src/report/progress/llm-bench-progress.ts'))}

/** What the plugin's reporter is to do: forward the hooks; at the end tell the test what was shown. */
export default class ProgressReporter implements Reporter {
  vitest: Vitest | undefined
  progress = new LlmBenchProgress({ settingOf: (name) => (name === 'llm' ? { intervalMs: 400 } : undefined) })
  onInit(vitest: Vitest) {
    this.vitest = vitest
    this.progress.onInit(vitest)
  }
  onTestRunStart(specifications: ReadonlyArray<TestSpecification>) {
    this.progress.onTestRunStart(specifications)
  }
  onTestModuleCollected(module: TestModule) {
    this.progress.onTestModuleCollected(module)
  }
  onTestCaseReady(testCase: TestCase) {
    this.progress.onTestCaseReady(testCase)
  }
  onTestCaseResult(testCase: TestCase) {
    this.progress.onTestCaseResult(testCase)
  }
  onTestRunEnd() {
    const mode = this.progress.mode
    const lines = this.progress.lines()
    this.progress.onTestRunEnd()
    this.vitest?.logger.log('progress mode: ' + mode)
    for (const line of lines) this.vitest?.logger.log('progress final: ' + line)
  }
}
`

let server: TestServer
let project: TestProject
let plain: VitestRun
let windowed: TerminalRun
let dot: TerminalRun
let minimal: TerminalRun

beforeAll(async () => {
  server = await startTestServer({
    tokenDelayMs: 150,
    answer: (request) => (JSON.stringify(request.body).includes('bad-') ? 'a poor answer' : 'a fine answer'),
    faultFor: (request) => (JSON.stringify(request.body).includes('broken-') ? 'bad-request' : undefined),
  })
  const common = { type: 'openai', model: 'm', baseURL: server.openaiURL, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', concurrency: 2 }
  const providers = [
    { ...common, id: 'alpha' },
    { ...common, id: 'beta' },
  ]
  project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)}, report: { html: false, csv: false, markdown: false }, progress: false }`),
    files: {
      'datasets/p.dataset.yaml': yamlDataset('p', IDS, `assert:\n  - toMatchRegex: { pattern: 'fine' }\n`),
      'progress-reporter.ts': REPORTER,
    },
  })
  const reporters = (vitest: string): string[] => ['run', `--reporter=${vitest}`, '--reporter=./progress-reporter.ts']
  ;[plain, windowed, dot, minimal] = await Promise.all([
    project.run(reporters('default'), { timeoutMs: 90_000 }),
    runVitestInTerminal(project.dir, reporters('default'), { columns: COLUMNS, timeoutMs: 90_000 }),
    runVitestInTerminal(project.dir, reporters('dot'), { columns: COLUMNS, timeoutMs: 90_000 }),
    runVitestInTerminal(project.dir, reporters('minimal'), { columns: COLUMNS, timeoutMs: 90_000 }),
  ])
}, 150_000)

afterAll(async ({}, suite) => {
  await server?.close()
  await cleanupAll(suite)
})

/** Each progress line in `text`, as numbers. */
function progressLines(text: string): Array<{ done: number; passed: number; failed: number; errors: number; alpha: number; beta: number }> {
  return [...text.matchAll(PROGRESS)].map((m) => {
    const [done, passed, failed, errors, alpha, beta] = m.slice(1).map(Number) as [number, number, number, number, number, number]
    return { done, passed, failed, errors, alpha, beta }
  })
}

function expectConsistent(lines: ReturnType<typeof progressLines>): void {
  let last = 0
  for (const line of lines) {
    expect(line.passed + line.failed + line.errors).toBe(line.done)
    expect(line.alpha + line.beta).toBe(line.done)
    expect(line.done).toBeGreaterThanOrEqual(last)
    last = line.done
  }
}

/** The terminal's rows after the run, checked: Vitest's summary whole, no progress line left, none mid-row. */
function expectCleanScreen(run: TerminalRun, mode: string): string[] {
  const text = `${run.transcript}\n--- screen ---\n${renderTranscript(run.transcript, COLUMNS).join('\n')}`
  expect(run.timedOut, text).toBe(false)
  expect(run.code, text).toBe(1)
  const screen = renderTranscript(run.transcript, COLUMNS)
  expect(screen, text).toContain(`progress mode: ${mode}`)
  expect(screen.some((row) => /^ +Test Files +1 failed \(1\)$/.test(row)), text).toBe(true)
  expect(screen.some((row) => /^ +Tests +6 failed \| 18 passed \(24\)$/.test(row)), text).toBe(true)
  expect(screen.filter((row) => FINAL.test(row)), text).toHaveLength(1)
  // the live line was cleared: the only progress row is the final one the test reporter printed
  expect(screen.filter((row) => row.includes('llm-test-bench [llm]') && !row.startsWith('progress final: ')), text).toEqual([])
  return screen
}

describe('progress of a run', () => {
  test('the run itself: 24 cases, 18 passed, 4 failed, 2 errors', () => {
    expect(plain.code, describeRun(plain)).toBe(1)
    // four runs in one project folder: this one's folder is the one it names
    const dir = /^results: (.+)$/m.exec(plain.stdout)?.[1]
    expect(dir, describeRun(plain)).toBeDefined()
    const results = JSON.parse(readFileSync(path.join(dir as string, 'results.json'), 'utf8')) as RunResults
    const statuses = results.cases.map((c) => c.status)
    expect(statuses.filter((s) => s === 'passed')).toHaveLength(18)
    expect(statuses.filter((s) => s === 'failed')).toHaveLength(4)
    expect(statuses.filter((s) => s === 'error')).toHaveLength(2)
  })

  test('not a terminal: plain lines every intervalMs, each a whole line, consistent; the final counts match the run', () => {
    const out = plain.stdout
    expect(out, describeRun(plain)).toContain('progress mode: plain')
    const rows = out.split('\n')
    const periodic = rows.filter((row) => row.startsWith('llm-test-bench [llm] '))
    // about 3 s at 400 ms
    expect(periodic.length, describeRun(plain)).toBeGreaterThanOrEqual(3)
    // never glued to anything else
    expect(rows.filter((row) => row.includes('llm-test-bench [llm]') && !row.startsWith('llm-test-bench [llm] ') && !row.startsWith('progress final: '))).toEqual([])
    const parsed = progressLines(periodic.join('\n'))
    expect(parsed).toHaveLength(periodic.length)
    expectConsistent(parsed)
    expect(out).toMatch(FINAL)
    // Vitest's own summary is intact
    expect(out).toMatch(/^ +Test Files +1 failed \(1\)$/m)
    expect(out).toMatch(/^ +Tests +6 failed \| 18 passed \(24\)$/m)
  })

  test("a terminal with Vitest's default reporter: the live line is part of Vitest's window, redrawn with it", () => {
    expectCleanScreen(windowed, 'window')
    const updates = progressLines(windowed.transcript)
    expectConsistent(updates)
    // drawn live, with several counts on the way
    expect(new Set(updates.map((u) => u.done)).size, windowed.transcript).toBeGreaterThanOrEqual(3)
    // inside the window: each drawing of it comes right after Vitest's "Duration" row
    for (const drawn of windowed.transcript.matchAll(/(?<!progress final: )llm-test-bench \[llm\] \d+\/24 cases/g)) {
      const before = windowed.transcript.slice(0, drawn.index)
      expect(before.slice(before.lastIndexOf('Duration'))).toMatch(/^Duration[^\n]*\n\s*\n$/)
    }
  })

  test("a terminal with Vitest's dot reporter: the live line is part of its window too", () => {
    expectCleanScreen(dot, 'window')
    const updates = progressLines(dot.transcript)
    expectConsistent(updates)
    expect(new Set(updates.map((u) => u.done)).size, dot.transcript).toBeGreaterThanOrEqual(3)
  })

  test('a terminal with a reporter that draws no window (minimal): our own live line at the bottom, cleared at the end', () => {
    const screen = expectCleanScreen(minimal, 'live')
    const updates = progressLines(minimal.transcript)
    expectConsistent(updates)
    expect(new Set(updates.map((u) => u.done)).size, minimal.transcript).toBeGreaterThanOrEqual(3)
    // the failures Vitest prints are whole rows
    expect(screen.filter((row) => /FAIL/.test(row) && row.includes('llm-test-bench'))).toEqual([])
  })
})
