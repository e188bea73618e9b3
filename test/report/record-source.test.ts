import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { arraySource, jsonlSource } from '../../src/report/record-source.ts'
import { record } from './artifacts/fixtures.ts'

const dir = mkdtempSync(join(tmpdir(), 'llm-bench-source-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// multi-byte text so that chunk boundaries fall inside characters
const records = Array.from({ length: 50 }, (_, i) => record({ caseId: `case-${i}`, output: `réponse ${'é€😀'.repeat(i % 7)} ${i}` }))
const text = records.map((r) => `${JSON.stringify(r)}\n`).join('')

describe('jsonlSource', () => {
  test('every record, in file order, whatever the chunk size (chunks cut lines and characters)', () => {
    const file = join(dir, 'whole.jsonl')
    writeFileSync(file, text)
    for (const chunkBytes of [7, 64, 1000, 1 << 20]) {
      const source = jsonlSource(file, { chunkBytes })
      expect([...source()]).toEqual(records)
      expect(source.stats).toEqual({ records: 50, skipped: 0 })
    }
  })

  test('each call is a fresh pass; extra records come after the file', () => {
    const file = join(dir, 'passes.jsonl')
    writeFileSync(file, text)
    const extra = [record({ caseId: 'not-on-disk' })]
    const source = jsonlSource(file, { extra, chunkBytes: 100 })
    const first = [...source()].map((r) => r.caseId)
    const second = [...source()].map((r) => r.caseId)
    expect(first).toHaveLength(51)
    expect(second).toEqual(first)
    expect(first.at(-1)).toBe('not-on-disk')
  })

  test('a torn last line and bad lines are skipped and counted, never thrown', () => {
    const file = join(dir, 'torn.jsonl')
    const lines = text.split('\n')
    writeFileSync(file, [lines[0], '{"caseId": broken', '', '[1,2]', '42', lines[1], lines[2]?.slice(0, 40)].join('\n'))
    const source = jsonlSource(file, { chunkBytes: 33 })
    expect([...source()].map((r) => r.caseId)).toEqual(['case-0', 'case-1'])
    expect(source.stats).toEqual({ records: 2, skipped: 5 })
  })

  test('a last line without its newline that is whole JSON is a record', () => {
    const file = join(dir, 'no-final-newline.jsonl')
    writeFileSync(file, text.slice(0, -1))
    expect([...jsonlSource(file)()]).toHaveLength(50)
  })

  test('a missing file is no records', () => {
    const source = jsonlSource(join(dir, 'missing.jsonl'), { extra: [record({ caseId: 'x' })] })
    expect([...source()].map((r) => r.caseId)).toEqual(['x'])
  })

  test('inOrder reads records by their position in a pass, the extra ones included', () => {
    const file = join(dir, 'order.jsonl')
    writeFileSync(file, `garbage\n${text}`)
    const source = jsonlSource(file, { extra: [record({ caseId: 'extra' })], chunkBytes: 256 })
    const inOrder = source.inOrder
    expect(inOrder).toBeDefined()
    const got = [...(inOrder?.([50, 3, 0, 49, 3]) ?? [])].map((r) => r.caseId)
    expect(got).toEqual(['extra', 'case-3', 'case-0', 'case-49', 'case-3'])
    expect([...(inOrder?.([7]) ?? [])][0]).toEqual(records[7])
  })
})

test('arraySource: the array each pass, and by position', () => {
  const source = arraySource(records)
  expect([...source()]).toEqual(records)
  expect([...source()]).toHaveLength(50)
  expect([...(source.inOrder?.([2, 1]) ?? [])].map((r) => r.caseId)).toEqual(['case-2', 'case-1'])
})
