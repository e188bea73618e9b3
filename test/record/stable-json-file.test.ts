import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { syntheticRecords } from '../../benchmarks/reporter/records.ts'
import { writeStableJsonFile } from '../../src/record/stable-json-file.ts'
import { stableStringify } from '../../src/record/stable-json.ts'
import { buildRunResults } from '../../src/report/run-results.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stable-json-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function written(value: unknown, indent?: number): Promise<string> {
  const file = join(dir, 'out.json')
  writeStableJsonFile(file, value, indent)
  return readFile(file, 'utf8')
}

test('byte for byte what stableStringify writes, for awkward values', async () => {
  const awkward = {
    z: [1, undefined, 'two\nlines', { b: 1, a: [] }, [], {}, null, Number.NaN],
    a: { y: undefined, x: { deep: { deeper: [{ q: 1, p: 2 }] } }, fn: () => 1 },
    many: Array.from({ length: 130 }, (_, i) => ({ i, s: `</script>\u2028${i}`, nested: [i, { k: i }] })),
    date: new Date('2026-11-22T00:00:00Z'),
    empty: [],
    emptyObject: {},
    text: 'quote " and \\ backslash',
  }
  expect(await written(awkward)).toBe(`${stableStringify(awkward, 2)}\n`)
  expect(await written([1, [2, [3]]], 4)).toBe(`${stableStringify([1, [2, [3]]], 4)}\n`)
  expect(await written('just a string')).toBe('"just a string"\n')
})

test('a 1,000-case results.json is the same text as stableStringify gives', async () => {
  const records = syntheticRecords(1000)
  const results = buildRunResults({ runId: 'r', project: 'p', mode: 'run', startedAt: new Date(0), endedAt: new Date(1), reason: 'passed' }, records, [])
  expect(await written(results)).toBe(`${stableStringify(results, 2)}\n`)
})
