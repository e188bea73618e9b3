import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import type { GateReport } from '../../../src/report/gates/types.ts'
import { stableStringify } from '../../../src/record/stable-json.ts'
import { readRunResults } from '../../../src/report/results-schema.ts'
import { buildRunResults, type RunResults } from '../../../src/report/run-results.ts'
import { record, rubric } from './fixtures.ts'

const dir = mkdtempSync(join(tmpdir(), 'llm-bench-read-results-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const info = { runId: 'llm-20260101-000000-abcdef12', project: 'llm', mode: 'bench', startedAt: new Date(0), endedAt: new Date(1000), reason: 'passed' }
const gates: GateReport = {
  baseline: null,
  baselineNote: 'no baseline file llm-baseline.json',
  gates: [{ gate: 'minPassRate', passed: true, limit: 0.9, actual: 1, message: 'pass rate 100.0% >= 90.0%' }],
  passed: true,
}
const results = buildRunResults(info, [record({ caseId: 'a', sample: 0, evaluations: [rubric(0.9, { calls: 1, inputTokens: 5, outputTokens: 2, cost: null })] }), record({ caseId: 'a', sample: 1 })], [], { gates })

let n = 0
function file(content: string): string {
  const path = join(dir, `results-${n++}.json`)
  writeFileSync(path, content)
  return path
}

/** results.json with one change made to its parsed data. */
function edited(change: (data: Record<string, unknown> & RunResults) => void): string {
  const data = JSON.parse(stableStringify(results)) as Record<string, unknown> & RunResults
  change(data)
  return file(JSON.stringify(data))
}

describe('readRunResults', () => {
  test('a results.json as written reads back equal, gates and case spread included', () => {
    const read = readRunResults(file(`${stableStringify(results, 2)}\n`))
    expect(read).toEqual(results)
    expect(read.gates?.gates[0]?.gate).toBe('minPassRate')
    expect(read.caseSpread).toHaveLength(1)
  })

  test('a missing file: the file and why', () => {
    const missing = join(dir, 'nope.json')
    expect(() => readRunResults(missing)).toThrow(`${missing}: cannot read results: ENOENT`)
  })

  test('not JSON: the file and the parse error', () => {
    const bad = file('{"runId": ')
    expect(() => readRunResults(bad)).toThrow(new RegExp(`^${escape(bad)}: not valid JSON: `))
  })

  test('a field of the wrong type: the file, the field path and what was expected', () => {
    const bad = edited((d) => {
      ;(d.summary.e2eMs as unknown as Record<string, unknown>)['p50'] = 'fast'
      ;(d.cases[1] as unknown as Record<string, unknown>)['status'] = 'great'
    })
    let message = ''
    try {
      readRunResults(bad)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain(`${bad}: not a valid llm-test-bench results.json (2 problems):`)
    expect(message).toMatch(/^ {2}summary\.e2eMs\.p50: .*expected number, received string$/m)
    expect(message).toMatch(/^ {2}cases\[1\]\.status: .*expected one of "passed"\|"failed"\|"error"\|"timeout"\|"skipped"/m)
  })

  test('a missing section and a bad system or gates section are named by path', () => {
    const bad = edited((d) => {
      delete (d as Record<string, unknown>)['byModel']
      ;(d as Record<string, unknown>)['system'] = { gpuUnavailable: 3 }
      ;(d as Record<string, unknown>)['gates'] = { ...gates, passed: 'yes' }
    })
    expect(() => readRunResults(bad)).toThrow(/^ {2}byModel: .*expected array, received undefined$/m)
    expect(() => readRunResults(bad)).toThrow(/^ {2}system\.gpuUnavailable: .*expected string, received number$/m)
    expect(() => readRunResults(bad)).toThrow(/^ {2}system\.hosts: .*expected array/m)
    expect(() => readRunResults(bad)).toThrow(/^ {2}gates\.passed: .*expected boolean, received string$/m)
  })

  test('many problems: the first ten and how many more', () => {
    const bad = file(JSON.stringify({ cases: 'none' }))
    expect(() => readRunResults(bad)).toThrow(/^ {2}\.\.\. and \d+ more$/m)
  })

  test('something else entirely: (root)', () => {
    expect(() => readRunResults(file('[1, 2]'))).toThrow(/^ {2}\(root\): .*expected object, received array$/m)
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
