import { expect, type ExpectStatic } from 'vitest'
import type { EvaluatorDefinition } from './define-evaluator.ts'
import { registerMatchers } from './expect.ts'
import { loadEvaluators } from './registry.ts'

// the matchers' types on Vitest's `expect` (`import 'llm-test-bench/setup'` brings them to a project's tsc)
export type * from './matcher-types.ts'

/**
 * Registers every built-in matcher on Vitest's global `expect` (which also serves
 * each test context's `expect`). Importing this module does it, so the file can go
 * straight into `setupFiles`; calling it again is harmless.
 */
export async function setupMatchers(target: ExpectStatic = expect): Promise<ReadonlyMap<string, EvaluatorDefinition>> {
  const evaluators = await loadEvaluators()
  registerMatchers(target, evaluators)
  return evaluators
}

await setupMatchers()
