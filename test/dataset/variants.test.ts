import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadDataset } from '../../src/dataset/load.ts'
import { datasetPromptFiles } from '../../src/dataset/load.ts'
import { repeatHash, variantHash } from '../../src/record/request-hash.ts'
import { caseSlotString, resumeKeyString } from '../../src/runner/resume/keys.ts'
import { expectIssue, failingDataset, KNOWN_MATCHERS, writeFiles } from './helpers.ts'

/** `variants:` in a dataset file: how each case resolves per variant, and every problem at its place. */

const OPTIONS = { knownMatchers: KNOWN_MATCHERS }

const VALID = `name: vv
defaults: { temperature: 0, max_tokens: 20, system: Be helpful. }
variants:
  - name: terse
    prompt: 'Q: {{q}}'
    system: Be terse.
  - name: kind
    prompt_file: prompts/kind.md
    params: { temperature: 0.7 }
reference_variant: kind
test_cases:
  - id: a
    variables: { q: hi }
  - id: b
    prompt: own {{q}}
    variables: { q: yo }
    config: { max_tokens: 5, system: Case system. }
`

describe('a dataset with variants', () => {
  test('each case resolves once per variant: its prompt template, system prompt and params; a case\'s own prompt and config win', () => {
    const dir = writeFiles({ 'vv.dataset.yaml': VALID, 'prompts/kind.md': 'Kindly: {{q}}\n' })
    const dataset = loadDataset(path.join(dir, 'vv.dataset.yaml'), OPTIONS)
    expect(dataset.variants).toEqual({ names: ['terse', 'kind'], reference: 'kind' })
    const [a, b] = dataset.cases
    expect(a?.variants?.map((c) => [c.variant, c.prompt, c.system, c.params])).toEqual([
      ['terse', 'Q: hi', 'Be terse.', { temperature: 0, max_tokens: 20 }],
      ['kind', 'Kindly: hi', 'Be helpful.', { temperature: 0.7, max_tokens: 20 }],
    ])
    // the case's own prompt serves every variant; its config's max_tokens and system win over the variant's
    expect(b?.variants?.map((c) => [c.variant, c.prompt, c.system, c.params])).toEqual([
      ['terse', 'own yo', 'Case system.', { temperature: 0, max_tokens: 5 }],
      ['kind', 'own yo', 'Case system.', { temperature: 0.7, max_tokens: 5 }],
    ])
    // the case itself is its first variant's resolution
    expect(a?.variant).toBe('terse')
    // watch mode re-runs the dataset when a variant's prompt file changes
    expect(datasetPromptFiles(path.join(dir, 'vv.dataset.yaml'))).toContain(path.join(dir, 'prompts/kind.md'))
  })

  test('the map form: the key is the name; the reference defaults to the first', () => {
    const text = "name: vm\nvariants:\n  short: { prompt: 'S {{q}}' }\n  long: { prompt: 'L {{q}}', params: { max_tokens: 99 } }\ntest_cases:\n  - id: a\n    variables: { q: x }\n"
    const dir = writeFiles({ 'vm.dataset.yaml': text })
    const dataset = loadDataset(path.join(dir, 'vm.dataset.yaml'), OPTIONS)
    expect(dataset.variants).toEqual({ names: ['short', 'long'], reference: 'short' })
    expect(dataset.cases[0]?.variants?.map((c) => [c.variant, c.prompt, c.params])).toEqual([
      ['short', 'S x', {}],
      ['long', 'L x', { max_tokens: 99 }],
    ])
  })

  test('a dataset without variants resolves as before: no variant, no variants', () => {
    const dir = writeFiles({ 'plain.dataset.yaml': 'name: plain\ntest_cases:\n  - id: a\n    prompt: hi\n' })
    const dataset = loadDataset(path.join(dir, 'plain.dataset.yaml'), OPTIONS)
    expect(dataset.variants).toBeUndefined()
    expect(dataset.cases[0]?.variant).toBeUndefined()
    expect(dataset.cases[0]?.variants).toBeUndefined()
  })
})

describe('variant problems, each at its place, before any call', () => {
  test('unknown field, duplicate name, missing prompt file, prompt and prompt_file, unknown reference, a variable no case sets', () => {
    const text = `name: vbad
variants:
  - name: terse
    prompt: 'Q: {{q}} {{missing}}'
    sytem: x
  - name: terse
    prompt_file: prompts/nope.md
  - name: two
    prompt: x
    prompt_file: prompts/kind.md
reference_variant: tersee
test_cases:
  - id: a
    variables: { q: hi }
`
    const { error, file } = failingDataset('vbad.dataset.yaml', text, { 'prompts/kind.md': 'k' })
    expect(error.issues).toHaveLength(6)
    expectIssue(error, file, { line: 5, column: 5, path: 'variants[0].sytem', message: 'unknown field "sytem", did you mean "system"?', expected: 'a known field', found: '"sytem"' })
    expectIssue(error, file, { line: 6, column: 11, path: 'variants[1].name', message: 'duplicate variant name "terse": used at line 3 and line 6', expected: 'a unique variant name', found: '"terse" again' })
    const missing = path.join(path.dirname(file), 'prompts/nope.md')
    expectIssue(error, file, { line: 7, column: 18, path: 'variants[1].prompt_file', message: `prompt file not found: ${missing}`, expected: 'an existing file', found: 'no such file' })
    expectIssue(error, file, {
      line: 10,
      column: 5,
      path: 'variants[2].prompt_file',
      message: 'variant "two" has both prompt and prompt_file (expected at most one of them)',
      expected: 'at most one of prompt or prompt_file',
      found: 'prompt and prompt_file',
    })
    expectIssue(error, file, {
      line: 11,
      column: 20,
      path: 'reference_variant',
      message: 'reference_variant "tersee" is no variant of this dataset, did you mean "terse"? (variants: terse, two)',
      expected: 'one of terse, two',
      found: '"tersee"',
    })
    expectIssue(error, file, {
      line: 13,
      column: 5,
      path: 'test_cases[0]',
      message: 'case "a" with variant "terse" uses {{missing}} but no variable "missing" is set in the case\'s or the dataset\'s variables',
      expected: 'a value for "missing"',
      found: 'none',
    })
  })

  test('an empty list, a bad name in the map form, a param at the wrong level', () => {
    const empty = failingDataset('empty.dataset.yaml', 'name: e\nvariants: []\ntest_cases:\n  - id: a\n    prompt: hi\n')
    expectIssue(empty.error, empty.file, { line: 2, column: 11, path: 'variants', message: 'expected non-empty list, found empty list' })
    const map = failingDataset('map.dataset.yaml', "name: m\nvariants:\n  terse: { prompt: 'a {{q}}', temperature: 1 }\n  \"bad name\": { prompt: b }\ntest_cases:\n  - id: a\n    variables: { q: hi }\n")
    expect(map.error.issues).toHaveLength(2)
    expectIssue(map.error, map.file, {
      line: 3,
      column: 31,
      path: 'variants.terse.temperature',
      message: 'unknown field "temperature" (known fields: description, prompt, prompt_file, system, params)',
    })
    expectIssue(map.error, map.file, { line: 4, column: 3, path: 'variants["bad name"]', message: 'expected a name without spaces, slashes or "›", found string "bad name"' })
  })

  test('a case with no prompt needs one in every variant (or the dataset\'s prompt_file); a reference without variants', () => {
    const text = "name: np\nvariants:\n  - name: p\n    prompt: 'x'\n  - name: s\n    system: sys\ntest_cases:\n  - id: a\n"
    const { error, file } = failingDataset('np.dataset.yaml', text)
    expectIssue(error, file, { line: 8, column: 5, path: 'test_cases[0]', message: 'case "a" has no prompt: set one of prompt, prompt_file or messages, or a prompt_file for the whole dataset' })
    const ref = failingDataset('ref.dataset.yaml', 'name: r\nreference_variant: x\ntest_cases:\n  - id: a\n    prompt: hi\n')
    expectIssue(ref.error, ref.file, { line: 2, column: 20, path: 'reference_variant', message: 'reference_variant "x" names a variant, but the dataset declares no variants' })
  })
})

describe('variant keys', () => {
  test('two variants never share a request hash, a resume key or a slot, even with equal requests; no variant keeps the old ones', () => {
    const hash = '0123456789abcdef'
    expect(variantHash(hash, undefined)).toBe(hash)
    expect(variantHash(hash, 'a')).not.toBe(variantHash(hash, 'b'))
    expect(variantHash(hash, 'a')).toMatch(/^[0-9a-f]{16}$/)
    // repeats on top: each repeat of each variant its own
    expect(repeatHash(variantHash(hash, 'a'), 1)).not.toBe(repeatHash(variantHash(hash, 'b'), 1))
    const key = { dataset: 'd', caseId: 'c', provider: 'p' }
    expect(resumeKeyString(key)).toBe('["d","c","p"]')
    expect(resumeKeyString({ ...key, variant: 'a' })).not.toBe(resumeKeyString({ ...key, variant: 'b' }))
    expect(resumeKeyString({ ...key, repeat: 2, variant: 'a' })).toBe('["d","c","p",2,{"variant":"a"}]')
    const slot = { ...key, sample: null }
    expect(caseSlotString(slot)).toBe('["d","c","p",null]')
    expect(caseSlotString({ ...slot, variant: 'a' })).not.toBe(caseSlotString({ ...slot, variant: 'b' }))
  })
})
