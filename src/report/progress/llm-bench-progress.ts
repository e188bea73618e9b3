import type { TestCase, TestModule, TestSpecification } from 'vitest/node'
import { caseOutcome } from './case-outcome.ts'
import { formatProgressLine } from './format-progress.ts'
import { ProgressDisplay, type ProgressHost, type ProgressMode } from './progress-display.ts'
import { ProgressTracker } from './progress-tracker.ts'

/** What is read of the Vitest instance (a `Vitest` is one). */
export type ProgressVitest = ProgressHost & { config?: { mergeReports?: string | undefined } }

/** A project's `progress` option: off, or on with the plain-line interval. */
export type ProgressSetting = false | { intervalMs: number }

export interface LlmBenchProgressOptions {
  /**
   * The `progress` option of an llmBench project by its Vitest project name;
   * undefined for a project that is not llmBench's (its tests are not counted).
   */
  settingOf(projectName: string): ProgressSetting | undefined
  /** The clock (ms, monotonic); default `performance.now()`. */
  now?: () => number
  /** Force a display mode (default: chosen when the run starts). */
  mode?: ProgressMode
  /** For the TTY/CI decision (default `process.env`). */
  env?: NodeJS.ProcessEnv
}

/**
 * Progress of the llmBench projects during a run, driven by Vitest reporter
 * hooks: one `ProgressTracker` per project with progress on, one
 * `ProgressDisplay` for all (a line each). A reporter forwards its hooks of
 * the same names. A merged shard report (`--merge-reports`) shows none: it
 * replays a finished run in an instant.
 */
export class LlmBenchProgress {
  readonly #options: LlmBenchProgressOptions
  readonly #trackers = new Map<string, ProgressTracker>()
  #host: ProgressVitest | undefined
  #display: ProgressDisplay | null = null

  constructor(options: LlmBenchProgressOptions) {
    this.#options = options
  }

  /** The display's mode in this run; null when none is shown. */
  get mode(): ProgressMode | null {
    return this.#display?.mode ?? null
  }

  onInit(vitest: ProgressVitest): void {
    this.#host = vitest
  }

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.#end()
    const host = this.#host
    if (!host || host.config?.mergeReports) return
    const intervals: number[] = []
    for (const spec of specifications) {
      const name = spec.project.name
      const setting = this.#options.settingOf(name)
      if (!setting) continue
      let tracker = this.#trackers.get(name)
      if (!tracker) {
        tracker = new ProgressTracker(name, this.#options.now)
        this.#trackers.set(name, tracker)
        intervals.push(setting.intervalMs)
      }
      tracker.expectModules([spec.moduleId])
    }
    if (this.#trackers.size === 0) return
    this.#display = new ProgressDisplay(host, {
      lines: () => this.lines(),
      intervalMs: Math.min(...intervals),
      ...(this.#options.mode ? { mode: this.#options.mode } : {}),
      ...(this.#options.env ? { env: this.#options.env } : {}),
    })
    this.#display.start()
  }

  onTestModuleCollected(module: TestModule): void {
    const tracker = this.#trackers.get(module.project.name)
    if (!tracker) return
    for (const test of module.children.allTests()) this.#addCase(tracker, test)
    tracker.moduleCollected(module.moduleId)
    this.#display?.update()
  }

  onTestCaseReady(testCase: TestCase): void {
    const tracker = this.#trackers.get(testCase.project.name)
    if (tracker) this.#addCase(tracker, testCase)
  }

  onTestCaseResult(testCase: TestCase): void {
    const tracker = this.#trackers.get(testCase.project.name)
    const provider = testCase.meta().llmBench?.case.provider
    if (!tracker || provider === undefined) return
    const { outcome, resumed } = caseOutcome(testCase)
    tracker.addResult(testCase.id, provider, outcome, resumed)
    this.#display?.update()
  }

  /** Call before printing anything final: the live line goes away. */
  onTestRunEnd(): void {
    this.#end()
  }

  /** The progress lines now, one per project that has cases. */
  lines(): string[] {
    return [...this.#trackers.values()]
      .map((tracker) => tracker.snapshot())
      .filter((snapshot) => snapshot.total > 0)
      .map(formatProgressLine)
  }

  #addCase(tracker: ProgressTracker, test: TestCase): void {
    const provider = test.meta().llmBench?.case.provider
    if (provider !== undefined) tracker.addCase(test.id, provider)
  }

  #end(): void {
    this.#display?.stop()
    this.#display = null
    this.#trackers.clear()
  }
}
