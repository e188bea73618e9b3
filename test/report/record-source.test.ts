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
    // the records kept in memory are read by position too, with no file to open (a disk that never took results.jsonl)
    expect([...source.inOrder([0])].map((r) => r.caseId)).toEqual(['x'])
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

describe('jsonlSource: lines by position (the artifacts\' pass)', () => {
  // a line's bytes are valid until the next record is taken: each is read as it comes
  const read = (source: ReturnType<typeof jsonlSource>, positions: number[]): { caseId: string; line: string | null }[] => {
    const out: { caseId: string; line: string | null }[] = []
    for (const { record: r, line } of source.linesInOrder?.(positions) ?? []) out.push({ caseId: r.caseId, line: line === null ? null : Buffer.from(line).toString('utf8') })
    return out
  }

  test('each record with its own line\'s bytes, in any order, with repeats, across windows', () => {
    const file = join(dir, 'lines.jsonl')
    writeFileSync(file, text)
    const lines = text.split('\n')
    const shuffled = [49, 0, 17, 3, 3, 48, 1, 2, 25, 26, 24, 10]
    for (const windowBytes of [1, 500, 5000, 1 << 22]) {
      const source = jsonlSource(file, { windowBytes })
      expect(read(source, shuffled)).toEqual(shuffled.map((i) => ({ caseId: `case-${i}`, line: lines[i] })))
      // in file order: the same, one read per window
      const all = Array.from({ length: 50 }, (_, i) => i)
      expect(read(source, all).map((r) => r.line)).toEqual(lines.slice(0, 50))
    }
  })

  test('a CRLF file, a torn last line (kill -9) and extra records: each line as the file has it, none for extra ones', () => {
    const file = join(dir, 'crlf.jsonl')
    const lines = text.split('\n').slice(0, 5)
    writeFileSync(file, `${lines.join('\r\n')}\r\n${lines[0]?.slice(0, 30)}`)
    const source = jsonlSource(file, { extra: [record({ caseId: 'extra' })], windowBytes: 300 })
    expect([...source()].map((r) => r.caseId)).toEqual(['case-0', 'case-1', 'case-2', 'case-3', 'case-4', 'extra'])
    expect(source.stats).toEqual({ records: 5, skipped: 1 })
    expect(read(source, [5, 4, 0])).toEqual([
      { caseId: 'extra', line: null },
      { caseId: 'case-4', line: `${lines[4]}\r` },
      { caseId: 'case-0', line: `${lines[0]}\r` },
    ])
  })

  test('a line longer than the window (5 MB) is read whole', () => {
    const file = join(dir, 'huge.jsonl')
    const huge = record({ caseId: 'huge', output: `${'é'.repeat(2_500_000)}.` })
    writeFileSync(file, `${JSON.stringify(records[0])}\n${JSON.stringify(huge)}\n${JSON.stringify(records[1])}\n`)
    const source = jsonlSource(file, { windowBytes: 1 << 20 })
    const got: { r: unknown; bytes: number | undefined }[] = []
    for (const { record: r, line } of source.linesInOrder?.([2, 1, 0]) ?? []) got.push({ r, bytes: line?.length })
    expect(got.map((g) => g.r)).toEqual([records[1], huge, records[0]])
    expect(got[1]?.bytes).toBe(Buffer.byteLength(JSON.stringify(huge)))
  })

  test('a file cut shorter after its pass: the read says so', () => {
    const file = join(dir, 'shrinks.jsonl')
    writeFileSync(file, text)
    const source = jsonlSource(file)
    expect([...source()]).toHaveLength(50)
    writeFileSync(file, text.slice(0, 1000))
    expect(() => [...(source.linesInOrder?.([49]) ?? [])]).toThrow(/shrinks\.jsonl: the file ends at byte \d+, before the records read from it earlier/)
  })
})

test('arraySource: the array each pass, and by position', () => {
  const source = arraySource(records)
  expect([...source()]).toEqual(records)
  expect([...source()]).toHaveLength(50)
  expect([...(source.inOrder?.([2, 1]) ?? [])].map((r) => r.caseId)).toEqual(['case-2', 'case-1'])
})
