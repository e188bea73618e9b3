import { describe, expect, expectTypeOf, test } from 'vitest'
import toContainReferences, { type ContainReferencesOptions } from '../../src/evaluators/matchers/to-contain-references.ts'
import { STORY, STORY_WITH_ODD_SPACING, makeCase } from './fixtures.ts'

const score = toContainReferences.evaluate

describe('toContainReferences scoring', () => {
  test('all references found in a story: score 1, pass', () => {
    const result = score(STORY, ['Lily', 'dog', 'red ball'])
    expect(result).toEqual({
      pass: true,
      score: 1,
      threshold: 1,
      reason: '3 of 3 references found (score 1.00, needs 1.00)',
      details: { found: ['Lily', 'dog', 'red ball'], missing: [], caseSensitive: false },
    })
  })

  test('score is the fraction found; the reason lists the missing references', () => {
    const result = score(STORY, ['Lily', 'dragon', 'castle', 'park'])
    expect(result.score).toBe(0.5)
    expect(result.pass).toBe(false)
    expect(result.reason).toBe('2 of 4 references found (score 0.50, needs 1.00); missing: "dragon", "castle"')
    expect(result.details).toMatchObject({ found: ['Lily', 'park'], missing: ['dragon', 'castle'] })
  })

  test('min sets the threshold: pass when score >= min', () => {
    expect(score(STORY, ['Lily', 'dragon'], { min: 0.5 })).toMatchObject({ pass: true, score: 0.5, threshold: 0.5 })
    expect(score(STORY, ['Lily', 'dragon', 'castle'], { min: 0.5 })).toMatchObject({ pass: false, threshold: 0.5 })
    expect(score(STORY, ['dragon'], { min: 0 })).toMatchObject({ pass: true, score: 0 })
  })

  test('case-insensitive by default, case-sensitive on request', () => {
    expect(score(STORY, ['LILY', 'once upon a time']).pass).toBe(true)
    const sensitive = score(STORY, ['LILY', 'Once upon a time'], { caseSensitive: true })
    expect(sensitive).toMatchObject({ pass: false, score: 0.5, details: { missing: ['LILY'], caseSensitive: true } })
  })

  test('whitespace runs, line breaks, NBSP and zero-width spaces do not hide a reference', () => {
    const result = score(STORY_WITH_ODD_SPACING, ['there was a little girl', 'named Lily', 'She had a dog'])
    expect(result).toMatchObject({ pass: true, score: 1 })
    expect(score(STORY, ['little   girl\n named']).pass).toBe(true)
  })

  test('unicode: NFKC and case folding on both sides', () => {
    const output = 'Ｌｉｌｙ ate a ﬁne CAFÉ croissant on the Straße.'
    expect(score(output, ['lily', 'fine', 'café', 'STRASSE'])).toMatchObject({ pass: true, score: 1 })
    // e + combining acute (NFD) in the reference still matches the precomposed é of the output
    expect(score(output, ['cafe\u0301']).pass).toBe(true)
  })

  test('empty output: nothing found, score 0', () => {
    const result = score('', ['Lily', 'dog'])
    expect(result).toMatchObject({ pass: false, score: 0, details: { found: [], missing: ['Lily', 'dog'] } })
  })

  test('zero references is an error, not a pass', () => {
    expect(() => score(STORY, [])).toThrow('toContainReferences: no references given')
  })

  test('a blank reference is an error naming its position', () => {
    expect(() => score(STORY, ['Lily', '  '])).toThrow(/reference 1 is "  "/)
  })

  test('invalid options are a clear error', () => {
    expect(() => score(STORY, ['Lily'], { min: 2 })).toThrow(/toContainReferences: invalid options \{"min":2\}[\s\S]*min/)
    expect(() => score(STORY, ['Lily'], { minimum: 0.5 } as never)).toThrow(/toContainReferences: invalid options/)
  })
})

describe('toContainReferences from a dataset case', () => {
  test('uses the case references and the assertion options with defaults', () => {
    const testCase = makeCase({ references: ['Lily', 'dragon'] })
    expect(toContainReferences.argsForCase(testCase, { min: 0.5 })).toEqual([['Lily', 'dragon'], { min: 0.5, caseSensitive: false }])
  })

  test('evaluateCase adds the name', async () => {
    const testCase = makeCase({ references: ['Lily', 'dragon'] })
    await expect(toContainReferences.evaluateCase(STORY, testCase, { min: 0.5 })).resolves.toMatchObject({
      name: 'toContainReferences',
      pass: true,
      score: 0.5,
      threshold: 0.5,
    })
  })

  test('a case without references is a clear error', () => {
    expect(() => toContainReferences.argsForCase(makeCase({ id: 'no-refs' }), {})).toThrow(
      'toContainReferences: case "no-refs" has no references',
    )
  })

  test('bad dataset options name the matcher and the field', () => {
    expect(() => toContainReferences.parseOptions({ min: 'half' })).toThrow(/toContainReferences: invalid options[\s\S]*min/)
  })
})

test('the definition types come from the spec', () => {
  expectTypeOf(toContainReferences.evaluate).parameters.toEqualTypeOf<[string, readonly string[], ContainReferencesOptions?]>()
  expectTypeOf(toContainReferences.parseOptions).returns.toEqualTypeOf<{ min: number; caseSensitive: boolean }>()
  expectTypeOf(toContainReferences.argsForCase).returns.toEqualTypeOf<[readonly string[], ContainReferencesOptions?]>()
})
