import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, describe, expect, test } from 'vitest'
import { CACHE_FROM_CHARS, cachedCaseTexts, caseTextsCacheDir, MAX_ENTRIES, storeCaseTexts } from '../../src/dataset/case-texts-cache.ts'
import { caseTextsCached, readCaseTexts } from '../../src/dataset/case-texts.ts'
import { loadDataset } from '../../src/dataset/load.ts'
import { tmpfsProblem, Tmpfs } from '../helpers/tmpfs.ts'
import { KNOWN_MATCHERS, writeFiles } from './helpers.ts'

/**
 * The case texts cache (case-texts-cache.ts): a run's workers store a YAML
 * dataset's texts as they load it, and the run's end reads them from there
 * instead of parsing the YAML again. Real files in a cache folder of this
 * file's own; a real full disk (tmpfs) where mounting is allowed.
 */

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const SHARED = path.resolve(process.env['LLM_BENCH_SHARED_DIR'] ?? path.join(REPO, '..', 'shared'))
const GSM8K = path.join(SHARED, 'benchmarks', 'gsm8k-train-sample.jsonl')
const root = mkdtempSync(path.join(tmpdir(), 'llm-bench-texts-cache-'))
const cache = path.join(root, 'cache')
process.env['LLM_BENCH_CACHE_DIR'] = cache
const entries = (): string[] => (existsSync(caseTextsCacheDir()) ? readdirSync(caseTextsCacheDir()).filter((name) => name.endsWith('.json')) : [])
const tmpfs = new Tmpfs()

afterEach(() => {
  tmpfs.unmountAll()
  process.env['LLM_BENCH_CACHE_DIR'] = cache
  rmSync(cache, { recursive: true, force: true })
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

// a comment makes the file large enough to be cached (CACHE_FROM_CHARS)
const PADDING = `# ${'padding '.repeat(CACHE_FROM_CHARS / 8)}`
const YAML = [
  PADDING,
  'name: texts',
  'variables: { tone: dry, limit: 2.5, strict: true }',
  'test_cases:',
  '  - id: a',
  '    prompt: "Say {{tone}}"',
  '    expected: "Ünïcödé ✓ 漢字 🙂"',
  '    references: [one, "2"]',
  '  - id: b',
  '    prompt: "Say {{tone}} {{n}}"',
  '    variables: { tone: wet, n: 3 }',
  '',
].join('\n')

function dataset(text = YAML, name = 't.dataset.yaml'): string {
  return path.join(writeFiles({ [name]: text }), name)
}

/** The texts parsed from the file, with no cache to read (a folder of their own, removed after). */
function parsed(file: string): unknown {
  const before = process.env['LLM_BENCH_CACHE_DIR']
  process.env['LLM_BENCH_CACHE_DIR'] = path.join(root, `parse-${Math.random().toString(36).slice(2)}`)
  try {
    return readCaseTexts(file)
  } finally {
    rmSync(process.env['LLM_BENCH_CACHE_DIR'], { recursive: true, force: true })
    process.env['LLM_BENCH_CACHE_DIR'] = before
  }
}

describe('a worker\'s load stores the texts; the run\'s end reads them', () => {
  test('loadDataset with cacheCaseTexts stores one entry, which readCaseTexts then gives: the texts a parse gives', () => {
    const file = dataset()
    expect(caseTextsCached(file)).toBe(false)
    loadDataset(file, { knownMatchers: KNOWN_MATCHERS, cacheCaseTexts: true })
    expect(entries()).toHaveLength(1)
    expect(caseTextsCached(file)).toBe(true)
    const texts = readCaseTexts(file)
    expect(texts).toEqual([
      { id: 'a', expected: 'Ünïcödé ✓ 漢字 🙂', references: ['one', '2'], variables: { tone: 'dry', limit: 2.5, strict: true } },
      { id: 'b', expected: null, references: [], variables: { tone: 'wet', limit: 2.5, strict: true, n: 3 } },
    ])
    expect(parsed(file)).toEqual(texts)
    // loaded again (another part of a split file, another worker): the entry is there, nothing more is written
    loadDataset(file, { knownMatchers: KNOWN_MATCHERS, cacheCaseTexts: true })
    expect(entries()).toHaveLength(1)
  })

  test('without cacheCaseTexts a load stores nothing; readCaseTexts stores what it parses', () => {
    const file = dataset()
    loadDataset(file, { knownMatchers: KNOWN_MATCHERS })
    expect(entries()).toHaveLength(0)
    const first = readCaseTexts(file)
    expect(entries()).toHaveLength(1)
    expect(readCaseTexts(file)).toEqual(first)
  })

  test('the entry answers for this text only: it is what is read (an entry edited in place is believed), and an edited file is parsed again', () => {
    const file = dataset()
    readCaseTexts(file)
    const [name] = entries()
    const entry = path.join(caseTextsCacheDir(), name as string)
    const stored = JSON.parse(readFileSync(entry, 'utf8')) as { texts: Array<{ expected: string | null }> }
    ;(stored.texts[0] as { expected: string | null }).expected = 'from the cache'
    writeFileSync(entry, JSON.stringify(stored))
    expect(readCaseTexts(file)[0]?.expected).toBe('from the cache')
    // one more case in the file: another text, another entry
    writeFileSync(file, `${YAML}  - id: c\n    prompt: hi\n    expected: new\n`)
    expect(caseTextsCached(file)).toBe(false)
    const texts = readCaseTexts(file)
    expect(texts.map((c) => c.expected)).toEqual(['Ünïcödé ✓ 漢字 🙂', null, 'new'])
    expect(entries()).toHaveLength(2)
  })

  test.each([
    ['cut short', (raw: string) => raw.slice(0, raw.length / 2)],
    ['not JSON', () => '\u0000\u0001garbage'],
    ['empty', () => ''],
    ['another format', (raw: string) => raw.replace('llm-test-bench case texts 1', 'llm-test-bench case texts 0')],
    ['a field of the wrong type', (raw: string) => raw.replace('"references":["one","2"]', '"references":[1,2]')],
  ])('a damaged entry (%s) is read as none: the file is parsed, the entry removed and written again whole', (_what, damage) => {
    const file = dataset()
    const good = readCaseTexts(file)
    const entry = path.join(caseTextsCacheDir(), entries()[0] as string)
    const raw = readFileSync(entry, 'utf8')
    writeFileSync(entry, damage(raw))
    expect(cachedCaseTexts(readFileSync(file, 'utf8'))).toBeNull()
    expect(existsSync(entry)).toBe(false)
    expect(readCaseTexts(file)).toEqual(good)
    expect(readFileSync(entry, 'utf8')).toBe(raw)
  })

  test('small files, JSON datasets (JSON parses fast) and datasets with a source file (their rows are another file\'s) are not stored', () => {
    const small = dataset(YAML.slice(PADDING.length + 1), 'small.dataset.yaml')
    loadDataset(small, { knownMatchers: KNOWN_MATCHERS, cacheCaseTexts: true })
    expect(readCaseTexts(small)).toHaveLength(2)
    const json = dataset(JSON.stringify({ name: 'j', test_cases: [{ id: 'a', prompt: PADDING, expected: 'x' }] }), 'j.dataset.json')
    loadDataset(json, { knownMatchers: KNOWN_MATCHERS, cacheCaseTexts: true })
    readCaseTexts(json)
    const dir = writeFiles({ 's.dataset.yaml': `${PADDING}\nname: s\nsource: { path: ${GSM8K}, format: gsm8k, limit: 3 }\n` })
    const sourced = path.join(dir, 's.dataset.yaml')
    loadDataset(sourced, { knownMatchers: KNOWN_MATCHERS, cacheCaseTexts: true })
    expect(readCaseTexts(sourced)).toHaveLength(3)
    expect(entries()).toHaveLength(0)
  })
})

describe('a cache that cannot be written never fails a load or a read', () => {
  test('the cache folder is a file (ENOTDIR): loads and reads give the texts, nothing is thrown or left', () => {
    const file = dataset()
    const blocker = path.join(root, 'not-a-folder')
    writeFileSync(blocker, 'x')
    process.env['LLM_BENCH_CACHE_DIR'] = blocker
    expect(() => loadDataset(file, { knownMatchers: KNOWN_MATCHERS, cacheCaseTexts: true })).not.toThrow()
    expect(readCaseTexts(file)).toEqual(parsed(file))
    expect(readFileSync(blocker, 'utf8')).toBe('x')
  })

  test.skipIf(tmpfsProblem() !== null)('a full disk (a 64 KiB tmpfs, a 300 KB entry): no entry, no temporary file, the texts still read', () => {
    const full = tmpfs.mount(path.join(root, 'full'), 'size=64k')
    process.env['LLM_BENCH_CACHE_DIR'] = full
    const cases = Array.from({ length: 3000 }, (_, i) => `  - id: c${i}\n    prompt: hi\n    expected: "${'answer '.repeat(12)}${i}"`).join('\n')
    const file = dataset(`name: big\ntest_cases:\n${cases}\n`)
    expect(() => loadDataset(file, { knownMatchers: KNOWN_MATCHERS, cacheCaseTexts: true })).not.toThrow()
    expect(readCaseTexts(file)).toHaveLength(3000)
    expect(readdirSync(path.join(full, 'case-texts'))).toEqual([])
  })
})

test(`the cache keeps the ${MAX_ENTRIES} newest entries, and removes writers' temporary files an hour old`, () => {
  const dir = path.join(root, 'prune')
  mkdirSync(dir)
  const texts = (i: number): Array<{ id: string; expected: string; references: string[]; variables: Record<string, unknown> }> => [{ id: `c${i}`, expected: `e${i}`, references: [], variables: {} }]
  const text = (i: number | string): string => `${PADDING}\ntext ${i}`
  for (let i = 0; i < MAX_ENTRIES; i++) storeCaseTexts(text(i), () => texts(i), dir)
  const names = readdirSync(dir)
  expect(names).toHaveLength(MAX_ENTRIES)
  // the oldest by the time written: text 7's entry
  const old = Date.now() / 1000 - 3600 * 24
  for (const name of names) utimesSync(path.join(dir, name), old + 60, old + 60)
  const oldest = names.find((name) => readFileSync(path.join(dir, name), 'utf8').includes('"e7"')) as string
  utimesSync(path.join(dir, oldest), old, old)
  writeFileSync(path.join(dir, 'stale.json.abc.tmp'), 'x')
  utimesSync(path.join(dir, 'stale.json.abc.tmp'), old, old)
  writeFileSync(path.join(dir, 'fresh.json.def.tmp'), 'x')
  storeCaseTexts(text('one more'), () => texts(-1), dir)
  const after = readdirSync(dir)
  expect(after.filter((name) => name.endsWith('.json'))).toHaveLength(MAX_ENTRIES)
  expect(after).not.toContain(oldest)
  expect(after).not.toContain('stale.json.abc.tmp')
  expect(after).toContain('fresh.json.def.tmp')
  expect(cachedCaseTexts(text(7), dir)).toBeNull()
  expect(cachedCaseTexts(text(8), dir)).toEqual(texts(8))
  expect(cachedCaseTexts(text('one more'), dir)).toEqual(texts(-1))
})
