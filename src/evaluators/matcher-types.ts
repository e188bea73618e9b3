// Vitest's declarations load before the augmentation at the end: a package file that augments
// 'vitest' without importing it is merged or not depending on the order tsc meets the files
// (seen on Vitest 4 when a config imports 'llm-test-bench' before a test imports the setup).
// Only types are taken from this module, so this import never runs.
import 'vitest'
import type { CloseToNumberOptions } from './matchers/to-be-close-to-number.ts'
import type { SemanticallySimilarOptions } from './matchers/to-be-semantically-similar.ts'
import type { ValidJsonOptions } from './matchers/to-be-valid-json.ts'
import type { CompileOptions } from './matchers/to-compile-with-tsc.ts'
import type { ContainReferencesOptions } from './matchers/to-contain-references.ts'
import type { EqualExpectedOptions } from './matchers/to-equal-expected.ts'
import type { FuzzyMatchOptions } from './matchers/to-fuzzy-match.ts'
import type { AstOptions, AstQuery } from './matchers/to-match-ast.ts'
import type { MatchRegexOptions } from './matchers/to-match-regex.ts'
import type { JsonSchema, ZodLike } from './json/schema.ts'
import type { VitestRunMode } from 'vitest/node'
import type { MatchSchemaOptions } from './matchers/to-match-schema.ts'
import type { Rubric, SatisfyRubricOptions } from './matchers/to-satisfy-rubric.ts'

export type {
  AstOptions,
  AstQuery,
  CloseToNumberOptions,
  CompileOptions,
  ContainReferencesOptions,
  EqualExpectedOptions,
  FuzzyMatchOptions,
  JsonSchema,
  MatchRegexOptions,
  MatchSchemaOptions,
  Rubric,
  SatisfyRubricOptions,
  SemanticallySimilarOptions,
  ValidJsonOptions,
  ZodLike,
}

/**
 * What a synchronous matcher returns on the assertion it is called on: Vitest 5's
 * `R` (`void`, or `Promise<void>` after `.resolves` / `.rejects` / `expect.poll`),
 * read from a built-in matcher of the same assertion; `void` on Vitest 4, whose
 * `.resolves` wraps every member's result in a promise by itself.
 */
export type MatcherReturn<This> = This extends { toBeTypeOf: (...args: never[]) => infer R } ? R : void

/**
 * The built-in matchers on `expect(output)`, with their option types (the
 * matchers' zod schemas' input types). One declaration serves Vitest 4
 * (`Assertion<T>`, `Matchers<T>`) and Vitest 5 (`Assertion<R, T>`,
 * `Matchers<R, T>`): merged interfaces must repeat the original's type
 * parameters by name, and the two versions name them differently, so this
 * declares none and reads `R` through `this` instead (see `MatcherReturn`).
 */
export interface LlmBenchAssertions {
  /**
   * Passes when the answer number in the received text (after `####`, "The answer is", "Answer:",
   * `\boxed{}`, else the last number; digits, `$1,234.50`, `3/4`, `1 1/2`, `50%`, `1.5e3`, "forty-two")
   * is within `tolerance` (default 1e-6) or `relative` tolerance of `expected` (a number, or a text whose answer number is used).
   */
  toBeCloseToNumber<This>(this: This, expected: number | string, options?: CloseToNumberOptions): MatcherReturn<This>
  /**
   * Passes when max(0, cosine similarity) of the embeddings of the output and `expected` is >= `min`
   * (default 0.8). Asynchronous: `await expect(output).toBeSemanticallySimilar(expected, { provider: 'openai:text-embedding-3-small' })`.
   */
  toBeSemanticallySimilar(expected: string, options?: SemanticallySimilarOptions): Promise<void>
  /**
   * Passes when the received text is JSON or, with `extract` (default), contains a JSON object/array
   * (in a ```json fence or after prose); `strict: true` requires the whole output to be JSON.
   */
  toBeValidJson<This>(this: This, options?: ValidJsonOptions): MatcherReturn<This>
  /**
   * Passes when the received code (or its first ts/tsx/vue fenced block) type-checks with
   * the TypeScript compiler, strict by default. Asynchronous: `await expect(output).toCompileWithTsc()`.
   */
  toCompileWithTsc(options?: CompileOptions): Promise<void>
  /**
   * Passes when at least `min` (default 1: all) of `references` appear in the
   * received text; case-insensitive and whitespace-insensitive by default.
   */
  toContainReferences<This>(this: This, references: readonly string[], options?: ContainReferencesOptions): MatcherReturn<This>
  /**
   * Passes when the received text equals `expected` after normalisation (trim,
   * whitespace, case, surrounding quotes, trailing punctuation, NFKC); `{ normalize: false }` compares exactly.
   */
  toEqualExpected<This>(this: This, expected: string, options?: EqualExpectedOptions): MatcherReturn<This>
  /**
   * Passes when the Levenshtein similarity 1 − distance / longer length of the normalised
   * received text and `expected` (NFKC, case-folded, whitespace collapsed, punctuation at the ends stripped) is >= `min` (default 0.8).
   */
  toFuzzyMatch<This>(this: This, expected: string, options?: FuzzyMatchOptions): MatcherReturn<This>
  /**
   * Passes when at least `min` (default 1: all) of the query's checks hold in the received
   * code's syntax tree (interfaces, types, annotations, imports, calls, exports, `<script setup>`).
   */
  toMatchAst<This>(this: This, query: AstQuery, options?: AstOptions): MatcherReturn<This>
  /** Passes when the received text matches `pattern` (a string is compiled with `options.flags`). */
  toMatchRegex<This>(this: This, pattern: string | RegExp, options?: MatchRegexOptions): MatcherReturn<This>
  /**
   * Passes when the JSON in the received text (the whole output, a ```json fence, or the first
   * object/array after prose; `strict: true` for the whole output only) matches `schema`:
   * a zod schema, or a JSON Schema object (converted with zod's `fromJSONSchema`).
   */
  toMatchSchema<This>(this: This, schema: ZodLike | JsonSchema, options?: MatchSchemaOptions): MatcherReturn<This>
  /**
   * An LLM judge scores the output against a rubric (a string, or criteria `{ name, description, weight? }`);
   * passes when the weighted mean score >= `min` (default 0.7). Asynchronous:
   * `await expect(output).toSatisfyRubric(rubric, { judge: 'openai:gpt-4o-mini' })`.
   */
  toSatisfyRubric(rubric: Rubric, options?: SatisfyRubricOptions): Promise<void>
}

/** The same matchers as asymmetric matchers: `expect(record).toEqual({ answer: expect.toFuzzyMatch('Paris') })`. */
export type LlmBenchAsymmetricMatchers = {
  [K in keyof LlmBenchAssertions]: (...args: Parameters<LlmBenchAssertions[K]>) => unknown
}

/**
 * The matchers for Vitest 4's `Matchers<T>`, nothing on Vitest 5 (whose
 * `AsymmetricMatchersContaining` extends `Matchers`, and gets its own below).
 * Vitest 4 is told apart by its run modes: 'benchmark' is gone in Vitest 5.
 */
type Vitest4Matchers = 'benchmark' extends VitestRunMode ? LlmBenchAssertions : Record<never, never>

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merged into Vitest's own interface
  interface Assertion extends LlmBenchAssertions {}
  // Vitest 4: its `Assertion<T>` gets custom matchers from `Matchers<T>` only (the merge above does not reach it there)
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merged into Vitest's own interface
  interface Matchers extends Vitest4Matchers {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merged into Vitest's own interface
  interface AsymmetricMatchersContaining extends LlmBenchAsymmetricMatchers {}
}
