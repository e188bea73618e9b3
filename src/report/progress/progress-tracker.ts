import type { ProgressOutcome } from './case-outcome.ts'
import { CaseStatusSchema } from '../../record/schema.ts'

/** Finished cases by outcome. */
export type ProgressCounts = Record<ProgressOutcome, number>

/** One provider's share of the run. */
export interface ProviderProgress {
  provider: string
  done: number
  total: number
}

/** Where a project's run stands, at one instant. */
export interface ProgressSnapshot {
  /** The llmBench project (`vitest --project <name>`). */
  project: string
  /** Finished cases. */
  done: number
  /** Cases known so far (tests, not bench samples). */
  total: number
  /** False while some of the run's dataset files are not collected yet: more cases may come. */
  totalFinal: boolean
  counts: ProgressCounts
  /** Since the tracker started. */
  elapsedMs: number
  /**
   * Cases per second over the cases that did work (skipped and resumed ones
   * take no time); null before any did.
   */
  throughput: number | null
  /** Time left at the current throughput; null until `MIN_CASES_FOR_ETA` cases did work. */
  etaMs: number | null
  /** In the order the providers were first seen. */
  providers: ProviderProgress[]
}

/** An ETA from fewer cases than this is noise (the first ones include worker and model start-up). */
export const MIN_CASES_FOR_ETA = 3

/** The outcomes, by their code in a case's number (0: not finished). */
const OUTCOMES: readonly ProgressOutcome[] = CaseStatusSchema.options

/**
 * A case as one number, not an object and a provider name per case (about
 * 100 B a case the main process would keep to the end of a run): its
 * provider's place in the run, its outcome's code and whether it was resumed.
 */
function caseNumber(providerIx: number, outcome: ProgressOutcome | null, resumed: boolean): number {
  return providerIx * 16 + (outcome === null ? 0 : OUTCOMES.indexOf(outcome) + 1) * 2 + (resumed ? 1 : 0)
}

/**
 * Counts one project's cases during a run: totals as dataset files are
 * collected, outcomes as cases finish, throughput and ETA from a clock that
 * is passed in (milliseconds, monotonic). Plain counting, no I/O.
 */
export class ProgressTracker {
  readonly project: string
  readonly #now: () => number
  readonly #startedAt: number
  /** Test id → caseNumber. */
  readonly #cases = new Map<string, number>()
  /** Dataset files of the run: collected or not. */
  readonly #modules = new Map<string, boolean>()
  readonly #counts: ProgressCounts = { passed: 0, failed: 0, error: 0, timeout: 0, skipped: 0 }
  readonly #providers = new Map<string, number>()
  /** In the order first seen; a case holds its provider's place here. */
  readonly #providerList: ProviderProgress[] = []
  #done = 0
  #worked = 0

  /** Starts the clock: a tracker is one run. */
  constructor(project: string, now: () => number = () => performance.now()) {
    this.project = project
    this.#now = now
    this.#startedAt = now()
  }

  /** The run's dataset files (`TestSpecification.moduleId`): until each is collected, the total may grow. */
  expectModules(moduleIds: Iterable<string>): void {
    for (const id of moduleIds) if (!this.#modules.has(id)) this.#modules.set(id, false)
  }

  /** A dataset file's cases are all known (call after `addCase` for each of them). */
  moduleCollected(moduleId: string): void {
    this.#modules.set(moduleId, true)
  }

  /** A case of the run (a test id); adding it again changes nothing. */
  addCase(testId: string, provider: string): void {
    if (this.#cases.has(testId)) return
    const ix = this.#providerIx(provider)
    this.#cases.set(testId, caseNumber(ix, null, false))
    ;(this.#providerList[ix] as ProviderProgress).total++
  }

  /**
   * A case finished. One not added before is added now (a report replayed
   * without collection); a second result for the same case replaces the first.
   */
  addResult(testId: string, provider: string, outcome: ProgressOutcome, resumed = false): void {
    this.addCase(testId, provider)
    const entry = this.#cases.get(testId) as number
    const ix = Math.floor(entry / 16)
    const before = OUTCOMES[((entry % 16) >> 1) - 1]
    if (before !== undefined) {
      this.#counts[before]--
      if (worked(before, (entry & 1) === 1)) this.#worked--
    } else {
      this.#done++
      ;(this.#providerList[ix] as ProviderProgress).done++
    }
    this.#cases.set(testId, caseNumber(ix, outcome, resumed))
    this.#counts[outcome]++
    if (worked(outcome, resumed)) this.#worked++
  }

  snapshot(): ProgressSnapshot {
    const elapsedMs = Math.max(0, this.#now() - this.#startedAt)
    const total = this.#cases.size
    const throughput = this.#worked > 0 && elapsedMs > 0 ? this.#worked / (elapsedMs / 1000) : null
    const remaining = total - this.#done
    let etaMs: number | null = null
    if (remaining === 0 && total > 0) etaMs = 0
    else if (throughput !== null && this.#worked >= MIN_CASES_FOR_ETA) etaMs = (remaining / throughput) * 1000
    return {
      project: this.project,
      done: this.#done,
      total,
      totalFinal: [...this.#modules.values()].every(Boolean),
      counts: { ...this.#counts },
      elapsedMs,
      throughput,
      etaMs,
      providers: this.#providerList.map((p) => ({ ...p })),
    }
  }

  #providerIx(name: string): number {
    let ix = this.#providers.get(name)
    if (ix === undefined) {
      ix = this.#providerList.push({ provider: name, done: 0, total: 0 }) - 1
      this.#providers.set(name, ix)
    }
    return ix
  }
}

/** Whether a finished case took the run's time: skipped and resumed cases did not. */
function worked(outcome: ProgressOutcome, resumed: boolean): boolean {
  return outcome !== 'skipped' && !resumed
}
