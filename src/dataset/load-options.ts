import type { z } from 'zod'
import type { ResolvedCase } from './types.ts'

/** A configured provider as a case's `config.providers` may name it: by id, or by type (all of that type). */
export interface ConfiguredProvider {
  id: string
  type: string
}

/**
 * A matcher's arguments for a case, from the case and the `assert` entry's
 * options (`EvaluatorDefinition.argsForCase`); throws, naming the case, when
 * the case lacks what the matcher needs (`toEqualExpected` without `expected`).
 */
export type CaseArguments = (testCase: ResolvedCase, options: Record<string, unknown>) => unknown

export interface LoadDatasetOptions {
  /** Names of the matchers `assert` entries may use. */
  knownMatchers: ReadonlySet<string>
  /**
   * The dataset-option schema of each matcher, by name (the evaluator registry
   * gives them: `matcherOptionSchemas`). An `assert` entry whose matcher has one
   * is checked against it when the dataset loads; a matcher without one is not.
   */
  matcherOptions?: ReadonlyMap<string, z.ZodType>
  /**
   * Each matcher's arguments builder, by name (the evaluator registry gives
   * them: `matcherCaseArguments`). Every case's assertions are built once when
   * the dataset loads, so a case that lacks what its matcher needs is refused
   * before its provider is called.
   */
  matcherArgs?: ReadonlyMap<string, CaseArguments>
  /** The configured providers; when given, every name in a case's `config.providers` must be one of them. */
  providers?: readonly ConfiguredProvider[]
  /**
   * Store a YAML file's case texts in the cache (case-texts-cache.ts) for the
   * run's end, which shows them in report.html: a run's workers set it.
   */
  cacheCaseTexts?: boolean
}
