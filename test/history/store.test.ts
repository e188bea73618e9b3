import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { pairedChange } from '../../src/history/change.ts'
import type { IndexCase } from '../../src/history/figures.ts'
import type { RunIndexInput } from '../../src/history/run-input.ts'
import { openHistory } from '../../src/history/store.ts'
import { REPO } from '../helpers/run-vitest.ts'

const root = mkdtempSync(join(tmpdir(), 'llm-bench-history-store-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function record(caseId: string, status: IndexCase['status'], extra: Partial<IndexCase> = {}): IndexCase {
  return { dataset: 'qa', caseId, provider: 'p', model: 'm', category: null, variant: null, status, e2eMs: 100, ttftMs: 10, inputTokens: 5, outputTokens: 7, cost: 0.001, ...extra }
}

function run(id: string, startedAt: string, cases: IndexCase[]): RunIndexInput {
  return { runId: id, project: 'llm', mode: 'run', startedAt, endedAt: startedAt, reason: 'passed', provenance: null, cases }
}

describe('the history store', () => {
  test('repeats: a clustered interval, case outcomes per repeat count, and the majority rule pairs runs', () => {
    const dir = join(root, 'repeats')
    const store = openHistory(dir, { sync: false })
    try {
      // 3 repeats of 4 cases: a passes 3/3, b 2/3, c 1/3, d 0/3
      const first = ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'd', 'd', 'd'].map((id, i) => record(id, [0, 1, 2, 3, 4, 6].includes(i) ? 'passed' : 'failed'))
      store.indexRun(run('r1', '2026-01-01T00:00:00Z', first), 'r1', '')
      const [r1] = store.listRuns()
      expect(r1?.figures).toMatchObject({ cases: 4, samples: 12, passed: 6, passRate: 0.5, intervalMethod: 'clustered' })
      expect(store.caseOutcomes('r1').map((o) => [o.caseId, o.passes, o.trials])).toEqual([
        ['a', 3, 3],
        ['b', 2, 3],
        ['c', 1, 3],
        ['d', 0, 3],
      ])
      // the same run again: the same rows
      store.indexRun(run('r1', '2026-01-01T00:00:00Z', [...first].reverse()), 'r1', '')
      expect(store.listRuns()).toEqual([r1])
      // b drops to 1/3 (majority lost), c rises to 2/3: one each way, no verdict
      const second = first.map((r, i) => (i === 4 ? { ...r, status: 'failed' as const } : i === 7 ? { ...r, status: 'passed' as const } : r))
      store.indexRun(run('r2', '2026-01-02T00:00:00Z', second), 'r2', '')
      expect(pairedChange(store, 'r1', 'r2')).toMatchObject({ overlapping: 4, newlyFailing: 1, newlyPassing: 1, verdict: null })
    } finally {
      store.close()
    }
  })

  test('skipped records count as cases but not as samples that ran; a case only skipped is not paired', () => {
    const store = openHistory(join(root, 'skipped'), { sync: false })
    try {
      store.indexRun(run('s1', '2026-01-01T00:00:00Z', [record('a', 'passed'), record('b', 'skipped'), record('c', 'error', { cost: null, e2eMs: null, ttftMs: null })]), 's1', '')
      store.indexRun(run('s2', '2026-01-02T00:00:00Z', [record('a', 'failed'), record('b', 'passed'), record('c', 'passed')]), 's2', '')
      const [s1] = store.listRuns()
      expect(s1?.figures).toMatchObject({ cases: 3, samples: 3, skipped: 1, errored: 1, passRate: 0.5, costKnown: 1, costUnknown: 1, e2eP95: 100 })
      expect(pairedChange(store, 's1', 's2')).toMatchObject({ overlapping: 2, newlyFailing: 1, newlyPassing: 1 })
    } finally {
      store.close()
    }
  })

  test('two processes indexing into one file at the same time: every run gets in, the file stays whole', async () => {
    const dir = join(root, 'concurrent')
    mkdirSync(dir)
    openHistory(dir).close()
    const script = (tag: string): string => `
      import { openHistory } from ${JSON.stringify(join(REPO, 'src/history/store.ts'))}
      const store = openHistory(${JSON.stringify(dir)}, { sync: false })
      for (let i = 0; i < 25; i++) {
        const cases = Array.from({ length: 200 }, (_, c) => ({ dataset: 'd', caseId: 'c' + c, provider: 'p', model: 'm', category: 'k' + (c % 3), variant: null, status: (c + i) % 5 ? 'passed' : 'failed', e2eMs: c, ttftMs: 1, inputTokens: 1, outputTokens: 1, cost: 0 }))
        store.indexRun({ runId: '${tag}-' + i, project: 'llm', mode: 'run', startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), endedAt: '', reason: 'passed', provenance: null, cases }, '${tag}-' + i, '')
      }
      store.close()
    `
    const child = (tag: string): Promise<number | null> =>
      new Promise((resolve) => {
        const p = spawn(join(REPO, 'node_modules/.bin/node'), ['--input-type=module', '-e', script(tag)], { stdio: ['ignore', 'inherit', 'inherit'] })
        p.on('close', resolve)
      })
    expect(await Promise.all([child('a'), child('b')])).toEqual([0, 0])
    const store = openHistory(dir, { sync: false })
    try {
      expect(store.rebuiltBecause).toBeNull()
      expect(store.listRuns()).toHaveLength(50)
      expect(store.trend({ byCategory: true })).toHaveLength(150)
      expect(store.caseOutcomes('b-24')).toHaveLength(200)
    } finally {
      store.close()
    }
    const sqlite = process.getBuiltinModule('node:sqlite')
    const db = new sqlite.DatabaseSync(join(dir, 'history.sqlite'))
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' })
    db.close()
  }, 60_000)
})
