import type { TestContext } from 'vitest'
import type { ResolvedCase } from '../dataset/types.ts'
import type { EvaluatorDefinition } from '../evaluators/registry.ts'
import type { Evaluation } from '../record/schema.ts'
import { caseExpect } from './case-expect.ts'

type MatcherCall = (...args: unknown[]) => unknown

/**
 * Applies a case's `assert` list to an output through the test's own `expect`
 * (soft, so every matcher runs and reports). Each matcher records its
 * evaluation on the test; this returns the ones recorded by this call.
 * Asynchronous matchers (a compiler, a judge model) are awaited one after
 * another, so evaluations stay in the order of the `assert` list.
 */
export async function evaluateOutput(
  ctx: TestContext,
  evaluators: ReadonlyMap<string, EvaluatorDefinition>,
  testCase: ResolvedCase,
  output: string,
): Promise<Evaluation[]> {
  const meta = ctx.task.meta
  meta.llmBenchEvaluations ??= []
  const first = meta.llmBenchEvaluations.length
  // not ctx.expect: the test's context would keep that one after the test (see case-expect.ts)
  const expect = caseExpect(ctx)
  for (const assertion of testCase.assertions) {
    const evaluator = evaluators.get(assertion.name)
    if (!evaluator) throw new Error(`unknown matcher "${assertion.name}" in case ${testCase.id}`)
    const args = evaluator.argsForCase(testCase, assertion.options)
    const chain = expect.soft(output) as unknown as Record<string, MatcherCall>
    const matcher = chain[assertion.name]
    if (!matcher) throw new Error(`matcher "${assertion.name}" is not registered on expect`)
    const result: unknown = Reflect.apply(matcher, chain, args)
    if (result instanceof Promise) await result
  }
  return meta.llmBenchEvaluations.slice(first)
}
