import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { BaselineFileError, readBaseline, writeBaseline } from '../../../src/report/gates/baseline-file.ts'
import { createBaseline } from '../../../src/report/gates/create-baseline.ts'
import { cases, results, tempDir } from './results-fixture.ts'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function scratch(): string {
  const dir = tempDir()
  dirs.push(dir)
  return dir
}

const CREATED = new Date('2026-11-21T08:00:00.000Z')

describe('createBaseline', () => {
  test('one entry per case with status, mean score, per-matcher scores, E2E, cost, replayed; sorted', () => {
    const run = results([
      { caseId: 'b', provider: 'ollama:llama3.2', status: 'failed', score: 0.2, scores: { fuzzy: 0.4 }, e2eMs: 300, cost: null },
      { caseId: 'a', status: 'passed', score: 0.9, e2eMs: 120.04, cost: 0.00123 },
      { caseId: 'a', provider: 'ollama:llama3.2', replayed: true, e2eMs: 50 },
      { dataset: 'code', caseId: 'z', status: 'skipped' },
    ])
    const baseline = createBaseline(run, CREATED)
    expect(baseline).toMatchObject({ version: 1, createdAt: '2026-11-21T08:00:00.000Z', runId: run.runId, project: 'llm', mode: 'run' })
    expect(baseline.cases.map((c) => [c.dataset, c.caseId, c.provider])).toEqual([
      ['code', 'z', 'openai:gpt-4o-mini'],
      ['qa', 'a', 'ollama:llama3.2'],
      ['qa', 'a', 'openai:gpt-4o-mini'],
      ['qa', 'b', 'ollama:llama3.2'],
    ])
    expect(baseline.cases[0]).toMatchObject({ status: 'skipped', trials: 0, passes: 0, score: null, e2eMs: null, cost: null, replayed: false })
    expect(baseline.cases[1]).toMatchObject({ status: 'passed', replayed: true, cost: 0, e2eMs: 50 })
    expect(baseline.cases[2]).toEqual({
      dataset: 'qa', caseId: 'a', provider: 'openai:gpt-4o-mini', model: 'gpt-4o-mini', status: 'passed', samples: 1, trials: 1, passes: 1,
      score: 0.9, scores: { contains: 0.9 }, e2eMs: 120, cost: 0.00123, replayed: false,
    })
    expect(baseline.cases[3]).toMatchObject({ status: 'failed', trials: 1, passes: 0, score: 0.3, scores: { contains: 0.2, fuzzy: 0.4 }, cost: null })
    // 2 of the 3 cases that ran passed
    expect(baseline.passRate).toBe(0.6667)
  })

  test('per provider: pass rate, cases, and E2E p95 and cost over the records that called the provider only', () => {
    const run = results([
      ...cases(10, { provider: 'local', e2eMs: 100, cost: 0 }),
      ...cases(5, { provider: 'openai:gpt-4o-mini', e2eMs: 200, cost: 0.01 }),
      // replayed: recorded timings, cost 0: left out of p95 and cost
      ...cases(5, { provider: 'openai:gpt-4o-mini', e2eMs: 5, replayed: true, status: 'failed' }, 6),
    ])
    const { providers } = createBaseline(run, CREATED)
    expect(providers).toEqual([
      { provider: 'local', model: 'local', cases: 10, passRate: 1, measured: 10, replayed: 0, e2eP95Ms: 100, cost: 0, costUnknown: 0 },
      { provider: 'openai:gpt-4o-mini', model: 'gpt-4o-mini', cases: 10, passRate: 0.5, measured: 5, replayed: 5, e2eP95Ms: 200, cost: 0.05, costUnknown: 0 },
    ])
  })

  test('bench mode: a case passes only when all of its samples pass; a Vitest retry counts by its last attempt', () => {
    const bench = results(
      [
        ...[0, 1, 2].map((sample) => ({ caseId: 'steady', sample, e2eMs: 100 + sample })),
        ...[0, 1, 2].map((sample) => ({ caseId: 'flaky', sample, status: sample === 1 ? ('failed' as const) : ('passed' as const) })),
      ],
      { mode: 'bench' },
    )
    const baseline = createBaseline(bench, CREATED)
    expect(baseline.cases.map((c) => [c.caseId, c.status, c.samples])).toEqual([
      ['flaky', 'failed', 3],
      ['steady', 'passed', 3],
    ])
    expect(baseline.cases[1]?.e2eMs).toBe(101)
    expect(baseline.passRate).toBe(0.5)
    // outside bench mode, records of one case are attempts: the last one decides
    const retried = createBaseline(results([{ caseId: 'r', status: 'failed' }, { caseId: 'r', status: 'passed' }]), CREATED)
    expect(retried.cases).toHaveLength(1)
    expect(retried.cases[0]).toMatchObject({ status: 'passed', samples: 1 })
  })
})

describe('baseline file', () => {
  test('written with sorted keys and a final newline; the same run writes the same bytes; read back equal', () => {
    const dir = scratch()
    const file = path.join(dir, 'nested', 'llm-baseline.json')
    const run = results([{ caseId: 'b', status: 'failed', score: 0.1 }, { caseId: 'a', score: 1 }, { caseId: 'a', provider: 'local', cost: 0 }])
    const baseline = createBaseline(run, CREATED)
    writeBaseline(file, baseline)
    const text = readFileSync(file, 'utf8')
    expect(text.endsWith('}\n')).toBe(true)
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['cases', 'createdAt', 'mode', 'passRate', 'project', 'providers', 'runId', 'version'])
    expect(text).toMatch(/^\{\n {2}"cases": \[\n {4}\{\n {6}"caseId": "a",\n {6}"cost": 0,/)
    expect(readBaseline(file)).toEqual(baseline)
    // records in another order (a merged shard report) give the same file
    writeBaseline(file, createBaseline(results([...run.cases].reverse().map((r) => ({ caseId: r.caseId, provider: r.provider, status: r.status, score: r.evaluations[0]?.score ?? null, cost: r.cost }))), CREATED))
    expect(readFileSync(file, 'utf8')).toBe(text)
  })

  test('a missing file, bad JSON, a wrong field or another version: the file, the field path, what was expected, and how to write one', () => {
    const dir = scratch()
    const missing = path.join(dir, 'none.json')
    expect(() => readBaseline(missing)).toThrow(BaselineFileError)
    expect(() => readBaseline(missing)).toThrow(`${missing}: no such baseline file; run \`llm-test-bench baseline update\` to write one`)

    const bad = path.join(dir, 'bad.json')
    writeFileSync(bad, '{ "version": 1, ')
    expect(() => readBaseline(bad)).toThrow(new RegExp(`^${escape(bad)}: not a baseline: the file is not valid JSON \\(.+\\); run \`llm-test-bench baseline update\` to write one$`))

    const baseline = createBaseline(results([{ caseId: 'a' }, { caseId: 'b' }]), CREATED)
    const wrong = JSON.parse(JSON.stringify(baseline)) as { cases: Record<string, unknown>[]; providers: Record<string, unknown>[] }
    ;(wrong.cases[1] as Record<string, unknown>)['status'] = 'ok'
    delete (wrong.providers[0] as Record<string, unknown>)['e2eP95Ms']
    ;(wrong.cases[0] as Record<string, unknown>)['colour'] = 'blue'
    writeFileSync(bad, JSON.stringify(wrong))
    let message = ''
    try {
      readBaseline(bad)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain(`${bad}: not a valid baseline: `)
    expect(message).toContain('cases[1].status: expected "passed" or "failed" or "error" or "timeout" or "skipped", found string "ok"')
    expect(message).toContain('providers[0].e2eP95Ms: missing (expected number)')
    expect(message).toContain('cases[0]: unknown field "colour"')
    expect(message).toMatch(/Fix the file, or run `llm-test-bench baseline update` to write one\.$/)

    writeFileSync(bad, JSON.stringify({ ...baseline, version: 2 }))
    expect(() => readBaseline(bad)).toThrow(`${bad}: baseline format version 2 is not supported (this llm-test-bench reads version 1)`)
    writeFileSync(bad, '[]')
    expect(() => readBaseline(bad)).toThrow('(root): expected object, found empty list')
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
