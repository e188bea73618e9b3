import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { z } from 'zod'
import type { ResolvedCase } from '../../dataset/types.ts'
import { defineEvaluator, isEvaluatorDefinition, type EvaluationResult, type EvaluatorDefinition, type MaybePromise } from '../define-evaluator.ts'

/** What a plain-function evaluator may return. */
export type CustomResult = boolean | { pass: boolean; score?: number; reason?: string; threshold?: number; details?: Record<string, unknown> }

/** A plain-function evaluator: `(output, testCase, options) => result`. `testCase` is absent when called as `expect(x).name()`. */
export type CustomEvaluatorFunction = (output: string, testCase: ResolvedCase | undefined, options: Record<string, unknown>) => MaybePromise<CustomResult>

const AnyOptions = z.record(z.string(), z.unknown())

/**
 * Imports every custom evaluator module (`evaluators: { name: './path.ts' }`, paths
 * relative to `root`) and returns definitions registered under the option's key.
 */
export async function loadCustomEvaluators(specs: Readonly<Record<string, string>>, root: string): Promise<Map<string, EvaluatorDefinition>> {
  const entries = await Promise.all(
    Object.entries(specs).map(async ([name, modulePath]) => [name, await loadCustomEvaluator(name, path.resolve(root, modulePath))] as const),
  )
  return new Map(entries)
}

async function loadCustomEvaluator(name: string, file: string): Promise<EvaluatorDefinition> {
  let module: { default?: unknown }
  try {
    module = await import(/* @vite-ignore */ pathToFileURL(file).href)
  } catch (error) {
    throw new Error(`llm-test-bench: cannot load custom evaluator "${name}" from ${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const exported = module.default
  if (isEvaluatorDefinition(exported)) return renamed(name, exported)
  if (typeof exported === 'function') return fromFunction(name, file, (output, testCase, options) => exported(output, testCase, options))
  throw new Error(
    `llm-test-bench: custom evaluator "${name}" (${file}) must \`export default\` a defineEvaluator({ ... }) definition or a function (output, testCase) => { pass, score, reason } | boolean`,
  )
}

/** A definition registered under the configured key (its own `name` may differ). */
function renamed(name: string, definition: EvaluatorDefinition): EvaluatorDefinition {
  if (definition.name === name) return definition
  return defineEvaluator({
    name,
    description: definition.description,
    options: definition.options,
    argsFromCase: (testCase, options) => definition.argsFromCase(testCase, options),
    evaluate: (received, ...args) => definition.evaluate(received, ...args),
  })
}

function fromFunction(name: string, file: string, fn: (output: string, testCase: ResolvedCase | undefined, options: Record<string, unknown>) => unknown): EvaluatorDefinition {
  const definition = defineEvaluator({
    name,
    description: `custom evaluator from ${file}`,
    options: AnyOptions,
    argsFromCase: (testCase: ResolvedCase, options: Record<string, unknown>): [ResolvedCase | undefined, Record<string, unknown>] => [testCase, options],
    async evaluate(received: string, testCase?: ResolvedCase, options?: Record<string, unknown>): Promise<EvaluationResult> {
      return normalizeResult(name, await fn(received, testCase, options ?? {}))
    },
  })
  return definition as unknown as EvaluatorDefinition
}

/** `true`/`false` or `{ pass, score?, reason? }` as an evaluation: score defaults to 1/0, threshold to 1 when passing by score. */
export function normalizeResult(name: string, result: unknown): EvaluationResult {
  if (typeof result === 'boolean') return { pass: result, score: result ? 1 : 0, threshold: 1, reason: `${name}: ${result ? 'passed' : 'failed'}` }
  if (typeof result === 'object' && result !== null && 'pass' in result && typeof result.pass === 'boolean') {
    const record: Record<string, unknown> = { ...result }
    const pass = result.pass
    const score = typeof record['score'] === 'number' ? record['score'] : pass ? 1 : 0
    const threshold = typeof record['threshold'] === 'number' ? record['threshold'] : pass ? Math.min(score, 1) : 1
    const reason = typeof record['reason'] === 'string' ? record['reason'] : `${name}: ${pass ? 'passed' : 'failed'}`
    const details = record['details']
    const evaluation: EvaluationResult = { pass, score, threshold, reason }
    if (typeof details === 'object' && details !== null && !Array.isArray(details)) evaluation.details = { ...details }
    return evaluation
  }
  throw new Error(`${name}: a custom evaluator must return a boolean or { pass, score?, reason? }, got ${JSON.stringify(result)}`)
}
