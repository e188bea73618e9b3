import { createExpect, type ExpectStatic, type TestContext } from 'vitest'

/**
 * The `expect` a dataset case's matchers run through. `ctx.expect` is made on
 * first use and then kept by the test's context for the rest of the file (a
 * getter Vitest defines and nothing can clear): about 4.5 KB per test, the
 * largest thing a finished test kept in the worker. An `expect` of the case's own,
 * made the same way (`createExpect(task)`: soft failures and matcher state go to
 * the same test), lives only while the case's matchers run.
 *
 * With `expect.requireAssertions` Vitest counts a test's assertions on
 * `ctx.expect` only: there the context's own is used, as before.
 */
let contextExpect = false

/** Set by the runner from the project's config (`expect.requireAssertions`). */
export function useContextExpect(requireAssertions: boolean): void {
  contextExpect = requireAssertions
}

export function caseExpect(ctx: TestContext): ExpectStatic {
  return contextExpect ? ctx.expect : createExpect(ctx.task)
}
