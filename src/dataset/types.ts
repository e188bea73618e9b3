import type { ChatMessage, ModelParams } from '../providers/types.ts'

/** An assertion after parsing: the matcher's name and its options. */
export interface ResolvedAssertion {
  name: string
  options: Record<string, unknown>
}

/** A case ready to run: templates rendered, defaults merged, prompt files read. */
export interface ResolvedCase {
  id: string
  category: string | null
  description: string | null
  /** Exactly one of `prompt` / `messages` is set. */
  prompt: string | null
  messages: ChatMessage[] | null
  /** System prompt from defaults or case config (only for `prompt` cases; chat cases carry it in messages). */
  system: string | null
  params: ModelParams
  timeoutMs: number | null
  /** Samples of the case (`config.repeats`, else `defaults.repeats`); null: the run's (option or `LLM_BENCH_REPEATS`). */
  repeats?: number | null | undefined
  /** Provider ids this case is limited to, or null for all. */
  providers: string[] | null
  expected: string | null
  references: string[]
  assertions: ResolvedAssertion[]
  metadata: Record<string, unknown>
  /** The template variables the case was rendered with (the dataset's, then the case's own); a function provider receives them. */
  variables?: Readonly<Record<string, unknown>> | undefined
  /** The dataset's prompt variant this resolution is for (`variants:`); absent without variants. */
  variant?: string | undefined
  /** With `variants:`: the case as each variant resolves it, in the variants' order (this case is the first). */
  variants?: readonly ResolvedCase[] | undefined
}

export interface ResolvedDataset {
  /** Absolute path of the dataset file. */
  file: string
  name: string
  description: string | null
  version: string | null
  cases: ResolvedCase[]
  /** Absolute paths of every prompt file the dataset reads (for watch mode). */
  promptFiles: string[]
  /** The dataset's prompt variants (`variants:`) in order, and the one the others are compared with; absent without variants. */
  variants?: { names: string[]; reference: string } | undefined
  /**
   * Where the case at `index` of `cases` is in the file: its first field (a
   * case from a `source` file: the dataset's `source` field). Computed on
   * demand: a JSON file is parsed for positions only when asked.
   */
  caseLocation?: ((index: number) => { line: number; column: number }) | undefined
}
