import type { ResolvedOptions } from '../config/options.ts'
import type { ResumeIndex } from './resume/keys.ts'

/** How the current run was started. */
export type RunMode = 'run' | 'watch' | 'bench'

/** What the main process hands every worker of an llmBench project through `provide`. */
declare module 'vitest' {
  interface ProvidedContext {
    llmBenchOptions: ResolvedOptions
    /** Address of the run-wide limit server; null when none runs (each worker then limits itself). */
    llmBenchLimiter: string | null
    llmBenchMode: RunMode
    /** Resume: the finished cases of the run being continued, by case key: request hash and outcome, not the records (empty when not resuming). */
    llmBenchResume: ResumeIndex
    /** When the main process started this run (epoch ms): `runDeadlineMs` counts from it. */
    llmBenchRunStartedAt: number
    /** The project's root: function providers' modules are relative to it. */
    llmBenchRoot: string
    /**
     * Whether anything of this run reads a passed case's annotations after its result (a reporter,
     * Vitest's UI or API server: report/release-annotations.ts); when false, a passed case is not
     * annotated at all. Provided at each run's start; unset reads as true.
     */
    llmBenchAnnotatePassed?: boolean
  }
}

export {}
