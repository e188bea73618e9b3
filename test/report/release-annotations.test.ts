import { describe, expect, test } from 'vitest'
import { DefaultReporter, DotReporter, JUnitReporter, VerboseReporter } from 'vitest/node'
import { passedAnnotationsReadLater } from '../../src/report/release-annotations.ts'
import { wantsAnnotations } from '../../src/runner/case-annotations.ts'

class Ours {}
const own = (reporter: object): boolean => reporter instanceof Ours

describe('passedAnnotationsReadLater', () => {
  test("Vitest's default and dot reporters and ours read a passed test's annotations no later than its result", () => {
    expect(passedAnnotationsReadLater({ reporters: [new DefaultReporter(), new Ours()] }, own)).toBe(false)
    expect(passedAnnotationsReadLater({ reporters: [new DotReporter(), new Ours()], ui: false, api: { middlewareMode: true } }, own)).toBe(false)
  })

  test('verbose, JUnit, a subclass of the default reporter and an unknown reporter may read them later', () => {
    expect(passedAnnotationsReadLater({ reporters: [new DefaultReporter(), new VerboseReporter()] }, own)).toBe(true)
    expect(passedAnnotationsReadLater({ reporters: [new DefaultReporter(), new JUnitReporter({})] }, own)).toBe(true)
    class Mine extends DefaultReporter {}
    expect(passedAnnotationsReadLater({ reporters: [new Mine()] }, own)).toBe(true)
    expect(passedAnnotationsReadLater({ reporters: [{}] }, own)).toBe(true)
  })

  test("Vitest's UI or a served API (an editor's extension) may read them later", () => {
    const reporters = [new DefaultReporter()]
    expect(passedAnnotationsReadLater({ reporters, ui: true }, own)).toBe(true)
    expect(passedAnnotationsReadLater({ reporters, ui: { enabled: true } }, own)).toBe(true)
    expect(passedAnnotationsReadLater({ reporters, ui: { enabled: false } }, own)).toBe(false)
    expect(passedAnnotationsReadLater({ reporters, api: { port: 51204 } }, own)).toBe(true)
    expect(passedAnnotationsReadLater({ reporters, api: 51204 }, own)).toBe(true)
    expect(passedAnnotationsReadLater({ reporters, api: { middlewareMode: true } }, own)).toBe(false)
  })
})

describe('wantsAnnotations (the worker)', () => {
  test('a passed case is annotated unless the main process said nothing reads it later', () => {
    expect(wantsAnnotations('passed', 'run', false)).toBe(false)
    expect(wantsAnnotations('passed', 'run', true)).toBe(true)
    expect(wantsAnnotations('passed', 'run', undefined)).toBe(true)
  })

  test('a case that did not pass, or whose test failed already (a soft matcher failure, an earlier sample), always is', () => {
    for (const status of ['failed', 'error', 'timeout', 'skipped'] as const) expect(wantsAnnotations(status, 'run', false)).toBe(true)
    expect(wantsAnnotations('passed', 'fail', false)).toBe(true)
  })
})
