import type { z } from 'zod'

/** A configured provider as a case's `config.providers` may name it: by id, or by type (all of that type). */
export interface ConfiguredProvider {
  id: string
  type: string
}

export interface LoadDatasetOptions {
  /** Names of the matchers `assert` entries may use. */
  knownMatchers: ReadonlySet<string>
  /**
   * The dataset-option schema of each matcher, by name (the evaluator registry
   * gives them: `matcherOptionSchemas`). An `assert` entry whose matcher has one
   * is checked against it when the dataset loads; a matcher without one is not.
   */
  matcherOptions?: ReadonlyMap<string, z.ZodType>
  /** The configured providers; when given, every name in a case's `config.providers` must be one of them. */
  providers?: readonly ConfiguredProvider[]
}
