import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, describe, expect, test } from 'vitest'
import type { IndexCase } from '../../src/history/figures.ts'
import { indexAtRunEnd } from '../../src/history/index-at-run-end.ts'
import { IndexColumns } from '../../src/history/index-columns.ts'
import type { RunIndexInput } from '../../src/history/run-input.ts'
import { HISTORY_FILE, openHistory } from '../../src/history/store.ts'
import type { RunResults } from '../../src/report/results-schema.ts'

const root = mkdtempSync(join(tmpdir(), 'llm-bench-history-run-end-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function record(caseId: string, extra: Partial<IndexCase> = {}): IndexCase {
  return { dataset: 'qa', caseId, provider: 'p', model: 'm', category: null, variant: null, status: 'passed', e2eMs: 100, ttftMs: 10, inputTokens: 5, outputTokens: 7, cost: 0.001, ...extra }
}

function run(id: string, cases: IndexCase[] | IndexColumns): RunIndexInput {
  return { runId: id, project: 'llm', mode: 'run', startedAt: `2026-01-0${id.slice(-1)}T00:00:00Z`, endedAt: '2026-01-09T00:00:00Z', reason: 'passed', provenance: null, cases }
}

/** Every row of every table, ordered by its key (source_stamp holds a file's mtime: left out). */
function dump(file: string): unknown[] {
  const db = new DatabaseSync(file, { readOnly: true })
  try {
    const tables: Array<[string, string]> = [['meta', 'key'], ['runs', 'id'], ['groups', 'run_id, group_key'], ['outcomes', 'run_id, group_key'], ['case_keys', 'id']]
    return tables.map(([table, key]) => db.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all().map((row) => ({ table, ...row, source_stamp: undefined })))
  } finally {
    db.close()
  }
}

function caseKeys(file: string): Array<[number, string]> {
  const db = new DatabaseSync(file, { readOnly: true })
  try {
    return db.prepare('SELECT id, key FROM case_keys ORDER BY id').all().map((row) => [Number(row.id), String(row.key)])
  } finally {
    db.close()
  }
}

describe('indexing a run: names, case keys, empty runs', () => {
  test('Unicode names go in and come back as they were', () => {
    const dir = join(root, 'unicode')
    const store = openHistory(dir, { sync: false })
    try {
      const names = { dataset: 'données-🙂', provider: 'ollama:qwen3', model: 'qwen3:8b', category: 'ケース', variant: 'ß-variant' }
      store.indexRun(run('r1', [record('問1', { ...names }), record('問2', { ...names, status: 'failed' }), record('é', { ...names, status: 'error' })]), 'r1', '')
      expect(store.groups('r1')).toEqual([{ scope: 'all', ...names, category: null }])
      expect(store.trend({ byCategory: true }).map((p) => [p.dataset, p.category, p.figures.cases, p.figures.passed])).toEqual([['données-🙂', 'ケース', 3, 1]])
      // by case id in code-unit order
      expect(store.caseOutcomes('r1').map((o) => [o.caseId, o.passes, o.trials, o.errors])).toEqual([
        ['é', 0, 1, 1],
        ['問1', 1, 1, 0],
        ['問2', 0, 1, 0],
      ])
    } finally {
      store.close()
    }
  })

  test('case ids holding NUL are kept whole; two cases whose NUL-joined keys match stay two', () => {
    const dir = join(root, 'nul')
    const store = openHistory(dir, { sync: false })
    try {
      store.indexRun(run('r1', [record('c', { dataset: 'a\0b' }), record('b\0c', { dataset: 'a', status: 'failed' })]), 'r1', '')
      expect(store.listRuns()[0]?.figures).toMatchObject({ cases: 2, samples: 2, passed: 1 })
      expect(store.caseOutcomes('r1').map((o) => [o.dataset, o.caseId, o.passes])).toEqual([
        ['a', 'b\0c', 0],
        ['a\0b', 'c', 1],
      ])
    } finally {
      store.close()
    }
    expect(caseKeys(join(dir, HISTORY_FILE)).map(([, key]) => key).sort()).toEqual(['b\0c', 'c'])
  })

  test('case key ids: new ones numbered in group order then case id order, known ones kept across runs and stores', () => {
    const dir = join(root, 'keys')
    const file = join(dir, HISTORY_FILE)
    let store = openHistory(dir, { sync: false })
    try {
      // groups in key order: dataset "a" before "b"; within a group, case ids in order
      store.indexRun(run('r1', [record('z', { dataset: 'b' }), record('y', { dataset: 'b' }), record('m', { dataset: 'a' }), record('z', { dataset: 'a' })]), 'r1', '')
    } finally {
      store.close()
    }
    expect(caseKeys(file)).toEqual([
      [1, 'm'],
      [2, 'z'],
      [3, 'y'],
    ])
    // another store (a later run's end): known keys looked up, new ones after the largest id
    store = openHistory(dir, { sync: false })
    try {
      store.indexRun(run('r2', [record('x'), record('z'), record('a')]), 'r2', '')
      store.indexRun(run('r3', [record('x'), record('w')]), 'r3', '')
      expect(store.caseOutcomes('r2').map((o) => o.caseId)).toEqual(['a', 'x', 'z'])
      expect(store.caseOutcomes('r3').map((o) => o.caseId)).toEqual(['w', 'x'])
    } finally {
      store.close()
    }
    expect(caseKeys(file)).toEqual([
      [1, 'm'],
      [2, 'z'],
      [3, 'y'],
      [4, 'a'],
      [5, 'x'],
      [6, 'w'],
    ])
  })

  test('a case id with a lone surrogate is indexed one statement a key, in order, and read back', () => {
    const dir = join(root, 'surrogate')
    const store = openHistory(dir, { sync: false })
    try {
      store.indexRun(run('r1', [record('b'), record('a\ud800'), record('c')]), 'r1', '')
      expect(store.caseOutcomes('r1')).toHaveLength(3)
      expect(store.listRuns()[0]?.figures).toMatchObject({ cases: 3, passed: 3 })
    } finally {
      store.close()
    }
    expect(caseKeys(join(dir, HISTORY_FILE)).map(([id]) => id)).toEqual([1, 2, 3])
  })

  test('an empty run is indexed: its row with nothing counted, no groups, no case keys', () => {
    const dir = join(root, 'empty')
    const store = openHistory(dir, { sync: false })
    try {
      store.indexRun(run('r1', []), 'r1', '')
      expect(store.listRuns().map((r) => [r.id, r.figures.samples, r.figures.passRate, r.figures.e2eP50])).toEqual([['r1', 0, null, null]])
      expect(store.groups('r1')).toEqual([])
      expect(store.caseOutcomes('r1')).toEqual([])
    } finally {
      store.close()
    }
  })

  test("a run's end indexes IndexColumns and IndexCase objects into the same rows", () => {
    const cases = Array.from({ length: 3000 }, (_, i) =>
      record(`case-${i % 700}`, { dataset: `d${i % 3}`, category: i % 5 === 0 ? null : `k${i % 4}`, status: i % 7 === 0 ? 'failed' : i % 11 === 0 ? 'skipped' : 'passed', e2eMs: 100 + ((i * 37) % 1000), cost: i % 2 ? null : i / 1e6 }),
    )
    const results = { runId: 'r1', project: 'llm', mode: 'run', startedAt: '2026-01-01T00:00:00Z', endedAt: '2026-01-01T01:00:00Z', reason: 'passed', provenance: undefined } as unknown as RunResults
    const dumps = [cases, IndexColumns.from(cases)].map((input, n) => {
      const runDir = join(root, `run-end-${n}`, 'runs', 'r1')
      mkdirSync(runDir, { recursive: true })
      expect(indexAtRunEnd(runDir, results, input)).toBeNull()
      return dump(join(runDir, '..', HISTORY_FILE))
    })
    expect(dumps[1]).toEqual(dumps[0])
    const store = openHistory(join(root, 'run-end-0', 'runs'), { sync: false })
    try {
      expect(store.listRuns()[0]?.figures).toMatchObject({ samples: 3000, intervalMethod: 'clustered' })
      expect(store.caseOutcomes('r1')).toHaveLength(3 * 700)
    } finally {
      store.close()
    }
  })
})
