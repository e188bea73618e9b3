import { describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { sortKeys } from '../../../src/record/stable-json.ts'
import { ByteOut } from '../../../src/report/artifacts/byte-out.ts'
import { indentRecordLine, isJsNumberText } from '../../../src/report/artifacts/indent-json-line.ts'
import { makeRecords } from '../html/fixture.ts'
import { record, regex } from './fixtures.ts'

const RUN_ID = 'llm-20260101-000000-abcdef12'
const runIdJson = Buffer.from(JSON.stringify(RUN_ID))

/** What results.json has for the record (keys sorted, runId the run's, two-space indent at the cases' depth). */
function expected(value: unknown): string {
  const text = JSON.stringify({ cases: [sortKeys({ ...(value as object), runId: RUN_ID })] }, null, 2)
  return text.slice('{\n  "cases": [\n    '.length, text.length - '\n  ]\n}'.length)
}

/** The copied text, or null when the line is not copied (then `out` must be as it was). */
function indented(line: string | Uint8Array): string | null {
  const out = new ByteOut(8)
  out.text('before')
  const copied = indentRecordLine(typeof line === 'string' ? Buffer.from(line) : line, 2, runIdJson, out)
  const text = out.bytes.toString('utf8', 0, out.length)
  if (!copied) {
    expect(text).toBe('before')
    return null
  }
  expect(text.startsWith('before')).toBe(true)
  return text.slice('before'.length)
}

describe('a record line copied into results.json', () => {
  test('the same bytes as serialising the parsed record, keys reordered and the run id replaced', () => {
    const records: unknown[] = [
      ...makeRecords({ casesPerDataset: 4, seed: 9 }),
      record({ caseId: 'c', runId: 'an-earlier-id', output: 'Unicode: é€😀 \u2028 \u2029 \u007f, escapes: "q" \\ \n \r \t \b \f \u0000 \u001f' }),
      { ...record({ caseId: 'c' }), evaluations: [{ name: 'x', pass: true, score: 1, threshold: 1, reason: 'r', details: { zeta: [], alpha: {}, mid: [[1, [2, { b: null, a: false }]], 'x'], nums: [0, -0.5, 1e21, 1.5e-7, 123456789012345680000, 0.000001, -2.5e-300, 4.35, 1e300] } }] },
      { ...record({ caseId: 'c' }), timings: { queueMs: 0, ttftMs: 12.345678901234567, e2eMs: 1e-7, tpotMs: null, itlMs: [5.5, -3, 0, 17.000000000000004], streamed: true } },
      { runId: null, b: 1, a: 2 },
    ]
    for (const value of records) expect(indented(JSON.stringify(value))).toBe(expected(value))
  })

  test('lines not written as JSON.stringify writes them are left to the serialiser', () => {
    const base = JSON.stringify(record({ caseId: 'c' }))
    const withField = (json: string): string => `${base.slice(0, -1)},${json}}`
    const refused = [
      base.replace('{', '{ '), // whitespace
      `${base}\r`, // a CRLF file's line
      base.replace('"runId":null', '"runId" : null'),
      withField('"n":1.0'),
      withField('"n":1E5'),
      withField('"n":1e5'),
      withField('"n":-0'),
      withField('"n":0.0000001'),
      withField('"n":1e+7'),
      withField('"n":0.30000000000000000001'),
      withField('"s":"a\\/b"'),
      withField('"s":"\\u0041"'),
      withField('"s":"\\u001F"'),
      withField('"s":"\\u000a"'),
      withField('"s":"\\ud83d\\ude00"'),
      withField('"s":"\\ud800"'),
      withField('"dataset":"twice"'), // a key twice: JSON.parse keeps the last
      withField('"__proto__":{"x":1}'),
      withField('"10":"ten"'),
      withField('"clé":1'),
      withField('"a\\"b":1'),
      JSON.stringify({ ...record({ caseId: 'c' }), runId: undefined }), // no runId to replace
    ]
    for (const line of refused) {
      expect(() => JSON.parse(line), line).not.toThrow()
      expect(indented(line), line).toBeNull()
    }
    // bytes that are not UTF-8 (JSON.parse of the decoded text sees U+FFFD)
    const bytes = Buffer.from(withField('"s":"xx"'))
    bytes[bytes.indexOf('"xx"') + 1] = 0xff
    expect(indented(bytes)).toBeNull()
  })

  test('numbers across magnitudes are copied as written, in arrays and as values; other spellings are refused', () => {
    let seed = 11
    const random = (): number => {
      seed = (seed * 1664525 + 1013904223) % 4294967296
      return seed / 4294967296
    }
    const values: number[] = [0, -0.5, 0.000001, 0.0000123, 1e21, 1e-7, 99999999999999980000, 123456789012345680000, 12345678901234567, 0.1, -1]
    for (let i = 0; i < 3000; i++) {
      const value = (random() - 0.5) * 10 ** (Math.floor(random() * 60) - 30)
      values.push(value, Math.round(value), Number(value.toPrecision(1 + (i % 17))))
    }
    const numbers = values.filter((v) => !Object.is(v, -0))
    const r = { ...record({ caseId: 'c' }), cost: numbers[5] as number, timings: { queueMs: 0, ttftMs: 1, e2eMs: 2, tpotMs: null, itlMs: numbers, streamed: true } }
    expect(indented(JSON.stringify(r))).toBe(expected(r))
    const short = { ...r, timings: { ...r.timings, itlMs: [1.5, 2] } }
    for (const n of numbers.slice(0, 300)) expect(indented(JSON.stringify({ ...short, cost: n }))).toBe(expected({ ...short, cost: n }))
    // (a leading zero is no JSON: such a line is never read)
    const base = JSON.stringify(short)
    for (const text of ['-0', '1.0', '1.50', '1E5', '1e5', '1e+5', '0.0000001', '12345678901234567890', '1.23456789012345678', '1e400', '0.10', '-0.0'])
      for (const line of [base.replace('"itlMs":[', `"itlMs":[${text},`), base.replace('2],"streamed"', `2,${text}],"streamed"`), base.replace('"queueMs":0', `"queueMs":${text}`)]) {
        expect(() => JSON.parse(line), line).not.toThrow()
        expect(indented(line), line).toBeNull()
      }
  })

  test('objects whose keys were seen before (a shape kept) or nearly so: prefixes, longer lists, keys that begin alike, many shapes, a key twice', () => {
    const base = record({ caseId: 'c' })
    const details: Record<string, unknown>[] = [
      { b: 1, a: 2 },
      { b: 1 },
      { b: 1, a: 2, c: 3 },
      { ab: 1, a: 2 },
      { a: 2, ab: 1 },
      { b: 1, ab: 2, a: 3 },
      { b: { z: 1, y: [{ q: 1, p: 2 }, { p: 2, q: 1 }] }, a: 2 },
      {},
    ]
    // more shapes than are kept, in turns, so that old ones are dropped and met again
    for (let k = 0; k < 40; k++) details.push({ [`k${k}`]: k, a: k, [`j${40 - k}`]: [k] })
    const lines = [...details, ...details.slice().reverse(), ...details].map((d, i) => ({ ...base, caseId: `c${i}`, evaluations: [{ ...regex(i % 2 === 0), details: d }] }))
    for (const value of lines) expect(indented(JSON.stringify(value)), JSON.stringify(value.evaluations)).toBe(expected(value))
    // a key twice right after its object's shape was kept (the first key list matches, then the repeat): not copied
    const twice = JSON.stringify({ ...base, evaluations: [{ ...regex(true), details: { b: 1, a: 2 } }] }).replace('"details":{"b":1,"a":2}', '"details":{"b":1,"a":2,"a":3}')
    expect(indented(twice)).toBeNull()
    const twiceSorted = JSON.stringify({ ...base, evaluations: [{ ...regex(true), details: { a: 1, b: 2 } }] }).replace('"details":{"a":1,"b":2}', '"details":{"a":1,"b":2,"b":3}')
    expect(indented(twiceSorted)).toBeNull()
    // and the shapes still serve the lines after it
    for (const value of lines.slice(0, 10)) expect(indented(JSON.stringify(value))).toBe(expected(value))
  })

  test('a long line (1 MB of output, 20,000 inter-token gaps) is copied whole', () => {
    const r: CaseRecord = { ...record({ caseId: 'c', output: `${'long é '.repeat(150_000)}end` }), timings: { queueMs: 1, ttftMs: 2, e2eMs: 3, tpotMs: 4, itlMs: Array.from({ length: 20_000 }, (_, i) => i / 7), streamed: true } }
    expect(indented(JSON.stringify(r))).toBe(expected(r))
  })
})

describe('isJsNumberText', () => {
  const check = (text: string): boolean => isJsNumberText(Buffer.from(text), 0, text.length)

  test('every number as JavaScript prints it, across magnitudes', () => {
    let seed = 7
    const random = (): number => {
      seed = (seed * 1664525 + 1013904223) % 4294967296
      return seed / 4294967296
    }
    for (let i = 0; i < 20_000; i++) {
      const exponent = Math.floor(random() * 80) - 40
      const value = (random() - 0.5) * 10 ** exponent
      for (const v of [value, Math.round(value), Number(value.toPrecision(1 + (i % 17)))]) {
        if (Object.is(v, -0)) continue
        expect(check(String(v)), String(v)).toBe(true)
      }
    }
    for (const v of [0, 1, -1, 1e21, 1e-7, 1e-6, 123e18, Number.MAX_SAFE_INTEGER, 2 ** 70, 5e-300]) expect(check(String(v)), String(v)).toBe(true)
  })

  test('other spellings of numbers are refused', () => {
    for (const text of ['-0', '1.0', '1.50', '1E5', '1e5', '1e+5', '1e-6', '1.5e+20', '10e21', '0.0000001', '12345678901234567890', '1.23456789012345678', '-', '1e400', '1e+021'])
      expect(check(text), text).toBe(false)
  })
})
