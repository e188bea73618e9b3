import { AsyncLocalStorage } from 'node:async_hooks'
import type { ModelCall } from '../record/schema.ts'

/**
 * The case a piece of code runs for: a dataset case (around its provider call
 * and its evaluation, see run-case.ts) or a hand-written test (around its
 * body, see dataset-runner.ts). Model calls made from code (`provider(...)`)
 * find it through AsyncLocalStorage, so concurrent cases never mix: each call
 * is recorded in its case's recordings file under its case id, and attached
 * to its case's record.
 */
export interface CaseScope {
  /** The file whose recordings (`__recordings__/<file name>.recording.yaml`) hold the case's calls: its dataset or test file. */
  readonly file: string
  /** The case id the recordings key the calls by (a dataset case's id, a hand-written test's name). */
  readonly caseId: string
  /** The test's own signal: a cancelled run ends the case's calls too. */
  readonly signal: AbortSignal
  /** Each call attempt's timeout (ms) unless the call sets one; absent: the run's `timeoutMs`. */
  readonly timeoutMs?: number | undefined
  /** The calls made so far, in the order they ended. */
  readonly calls: ModelCall[]
  /** When the case's first live call was sent (its provider ready: a model load is not the case's time). */
  firstSentAt?: Date | undefined
}

const storage = new AsyncLocalStorage<CaseScope>()

/** A scope with no calls yet. */
export function caseScope(init: Omit<CaseScope, 'calls'>): CaseScope {
  return { ...init, calls: [] }
}

/** Runs `fn` as part of `scope`'s case: every model call it makes (awaited or not) is the case's. */
export function runInCase<T>(scope: CaseScope, fn: () => T): T {
  return storage.run(scope, fn)
}

/** The case the calling code runs for; undefined outside any case (a setup file, a plain script). */
export function currentCase(): CaseScope | undefined {
  return storage.getStore()
}
