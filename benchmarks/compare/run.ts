/**
 * `llm-test-bench compare` and the previous-run gate baseline on two large runs:
 * two run folders of N cases (default 10,000; `--cases N`) with 300-character
 * outputs, results.json written as the reporter writes it (sorted keys). Times,
 * best of 3: reading one results.json (JSON.parse alone), the whole compare
 * (select, read and validate both runs, compare, text and JSON), and the gate's
 * previousRunBaseline (read, validate, createBaseline) — each also as a ratio
 * to the bare JSON.parse, which is the floor for anything that reads results.json.
 *
 *   node benchmarks/compare/run.ts [--cases 10000]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { selectRuns } from '../../src/cli/compare-resolve.ts'
import { compareRuns } from '../../src/history/compare/compare-runs.ts'
import { formatComparisonText } from '../../src/history/compare/format-text.ts'
import { RunComparisonSchema } from '../../src/history/compare/schema.ts'
import type { CaseRecord } from '../../src/record/schema.ts'
import { stableStringify } from '../../src/record/stable-json.ts'
import { previousRunBaseline } from '../../src/report/gates/previous-run.ts'
import { buildRunResults } from '../../src/report/run-results.ts'

const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' } } })
const cases = Number(values.cases)

function record(i: number, runId: string, failing: boolean): CaseRecord {
  const passed = !failing
  return {
    runId, dataset: `ds${i % 10}`, datasetFile: `/d/ds${i % 10}.dataset.yaml`, caseId: `case-${i}`, category: null,
    provider: i % 2 === 0 ? 'openai:gpt-4o-mini' : 'anthropic:claude-haiku', providerType: 'openai', model: 'm',
    requestHash: '0123456789abcdef', prompt: `prompt ${i}`, output: `answer ${i} `.padEnd(300, 'x'), finishReason: 'stop',
    status: passed ? 'passed' : 'failed', error: null, usage: { inputTokens: 100, outputTokens: 60, source: 'provider' }, cost: 0.0002,
    timings: { queueMs: 0, ttftMs: 50 + (i % 40), e2eMs: 400 + (i % 300), tpotMs: 5, itlMs: [], streamed: true }, serverTimings: null,
    attempts: 1, retries: 0, cached: false,
    evaluations: [{ name: 'contains', pass: passed, score: passed ? 1 : 0, threshold: 0.5, reason: passed ? 'ok' : 'missing word' }],
    sample: null, startedAt: '2026-12-06T10:00:00.000Z', endedAt: '2026-12-06T10:00:01.000Z',
  }
}

function writeRun(out: string, runId: string, startedAt: string, failEvery: number): string {
  const dir = path.join(out, runId)
  mkdirSync(dir, { recursive: true })
  const start = new Date(startedAt)
  const results = buildRunResults({ runId, project: 'llm', mode: 'run', startedAt: start, endedAt: new Date(start.getTime() + 60_000), reason: 'passed' }, Array.from({ length: cases }, (_, i) => record(i, runId, i % failEvery === 0)), [])
  const file = path.join(dir, 'results.json')
  writeFileSync(file, `${stableStringify(results, 2)}\n`)
  return file
}

function best(fn: () => void): number {
  let min = Infinity
  for (let i = 0; i < 3; i++) {
    const t = performance.now()
    fn()
    min = Math.min(min, performance.now() - t)
  }
  return min
}

const root = mkdtempSync(path.join(tmpdir(), 'bench-compare-'))
try {
  const out = path.join(root, 'bench-results')
  writeRun(out, 'llm-20261205-090000-aaaaaaaa', '2026-12-05T09:00:00.000Z', 50)
  const file = writeRun(out, 'llm-20261206-090000-bbbbbbbb', '2026-12-06T09:00:00.000Z', 20)
  const parse = best(() => JSON.parse(readFileSync(file, 'utf8')))
  let lines = 0
  const compare = best(() => {
    const { base, current } = selectRuns({ runs: [], project: null, outputDir: 'bench-results', base: 'previous' }, root)
    const c = RunComparisonSchema.parse(compareRuns(base, current))
    lines = formatComparisonText(c).split('\n').length
    if (stableStringify(c).length === 0) throw new Error('empty JSON')
  })
  const current = JSON.parse(readFileSync(file, 'utf8'))
  const gate = best(() => {
    const r = previousRunBaseline({ ...current, runId: 'llm-20261207-090000-cccccccc' }, out, root, null)
    if (!('baseline' in r)) throw new Error(r.note)
  })
  const mb = (statSync(file).size / 1e6).toFixed(1)
  console.log(`${cases} cases per run, results.json ${mb} MB each (best of 3)`)
  console.log(`JSON.parse of one results.json:   ${parse.toFixed(0)} ms`)
  console.log(`compare (two runs, text + JSON):  ${compare.toFixed(0)} ms  = ${(compare / parse).toFixed(1)}× one parse (${lines} lines of text)`)
  console.log(`gate previousRunBaseline:         ${gate.toFixed(0)} ms  = ${(gate / parse).toFixed(1)}× one parse`)
} finally {
  if (process.env["KEEP"]) console.log(root); else rmSync(root, { recursive: true, force: true })
}
