import type { ProgressOutcome } from './case-outcome.ts'

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

interface CaseEntry {
  provider: string
  outcome: ProgressOutcome | null
  resumed: boolean
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
  readonly #cases = new Map<string, CaseEntry>()
  /** Dataset files of the run: collected or not. */
  readonly #modules = new Map<string, boolean>()
  readonly #counts: ProgressCounts = { passed: 0, failed: 0, error: 0, timeout: 0, skipped: 0 }
  readonly #providers = new Map<string, ProviderProgress>()
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
    this.#cases.set(testId, { provider, outcome: null, resumed: false })
    this.#provider(provider).total++
  }

  /**
   * A case finished. One not added before is added now (a report replayed
   * without collection); a second result for the same case replaces the first.
   */
  addResult(testId: string, provider: string, outcome: ProgressOutcome, resumed = false): void {
    this.addCase(testId, provider)
    const entry = this.#cases.get(testId) as CaseEntry
    if (entry.outcome !== null) {
      this.#counts[entry.outcome]--
      if (worked(entry.outcome, entry.resumed)) this.#worked--
    } else {
      this.#done++
      this.#provider(entry.provider).done++
    }
    entry.outcome = outcome
    entry.resumed = resumed
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
      providers: [...this.#providers.values()].map((p) => ({ ...p })),
    }
  }

  #provider(name: string): ProviderProgress {
    let entry = this.#providers.get(name)
    if (!entry) {
      entry = { provider: name, done: 0, total: 0 }
      this.#providers.set(name, entry)
    }
    return entry
  }
}

/** Whether a finished case took the run's time: skipped and resumed cases did not. */
function worked(outcome: ProgressOutcome, resumed: boolean): boolean {
  return outcome !== 'skipped' && !resumed
}
