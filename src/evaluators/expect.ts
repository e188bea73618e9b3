import type { ExpectStatic, MatcherState, MatchersObject, SyncMatcherResult } from 'vitest'
import { redactValue } from '../providers/redaction/registry.ts'
import type { Evaluation } from '../record/schema.ts'
import type { EvaluationResult, EvaluatorDefinition } from './define-evaluator.ts'
import { formatScore, preview } from './text.ts'

/**
 * Registers every definition as a matcher: `expect(output).toContainReferences([...])`.
 * Matchers are added to Vitest's shared assertion prototype, so registering on the
 * global `expect` also serves each test context's `expect`.
 */
export function registerMatchers(expect: ExpectStatic, evaluators: ReadonlyMap<string, EvaluatorDefinition>): void {
  const matchers: MatchersObject = {}
  for (const definition of evaluators.values()) matchers[definition.name] = toMatcher(definition)
  expect.extend(matchers)
}

/** One definition as a Vitest matcher: scores, records onto the running test, honours `.not`. */
export function toMatcher(definition: EvaluatorDefinition): MatchersObject[string] {
  return function matcher(this: MatcherState, received: unknown, ...args: unknown[]) {
    if (typeof received !== 'string') {
      throw new TypeError(`${definition.name}: the received value must be a string (the model output), got ${describeValue(received)}`)
    }
    const settle = (result: EvaluationResult): SyncMatcherResult => {
      const evaluation: Evaluation = { name: definition.name, ...result }
      recordEvaluation(this.task, asRecorded(evaluation, this.isNot))
      return { pass: evaluation.pass, message: () => failureMessage(evaluation, this.isNot, received) }
    }
    const result = definition.evaluate(received, ...args)
    return result instanceof Promise ? result.then(settle) : settle(result)
  }
}

/** What a test records: under `.not` the name is `not.<name>` and `pass` is the assertion's outcome. */
export function asRecorded(evaluation: Evaluation, isNot: boolean): Evaluation {
  if (!isNot) return evaluation
  return { ...evaluation, name: `not.${evaluation.name}`, pass: !evaluation.pass, reason: `negated: ${evaluation.reason}` }
}

/** Appends to `task.meta.llmBenchEvaluations`; outside a test (`task` undefined) records nothing. */
export function recordEvaluation(task: MatcherState['task'], evaluation: Evaluation): void {
  if (task === undefined) return
  task.meta.llmBenchEvaluations ??= []
  // task meta leaves the worker (blob reports, the main process): no secrets, even when the output repeats one
  task.meta.llmBenchEvaluations.push(redactValue(evaluation))
}

/** The message Vitest shows when the assertion fails (or, under `.not`, when it passed). */
export function failureMessage(evaluation: Evaluation, isNot: boolean, received: string): string {
  const { name, score, threshold, reason } = evaluation
  const verdict = isNot
    ? `Expected the output NOT to satisfy ${name}, but it did (score ${formatScore(score)}, threshold ${formatScore(threshold)}).`
    : `Expected the output to satisfy ${name}, but it did not (score ${formatScore(score)}, threshold ${formatScore(threshold)}).`
  return [
    `expect(received)${isNot ? '.not' : ''}.${name}(...)`,
    '',
    verdict,
    `Reason: ${reason}`,
    `Received: ${preview(received, 400)}`,
  ].join('\n')
}

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return preview(value)
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object'
  return `${typeof value} ${String(value)}`
}
