import { setImmediate as nextTurn } from 'node:timers/promises'
import { defineEvaluator, parseMatcherOptions } from '../define-evaluator.ts'
import { compileCheck } from '../typescript/compile.ts'
import { CompileSettingsSchema, type CompileOptions } from '../typescript/settings.ts'

export type { CompileOptions }

/**
 * Type-checks the output (or its first ts/tsx/vue fenced block) with TypeScript 6's
 * compiler API under strict settings; Vue SFCs go through @vue/compiler-sfc first.
 * Never runs the code. Score 1 (no error) or 0; the reason lists line:column diagnostics.
 */
export default defineEvaluator({
  name: 'toCompileWithTsc',
  description: 'The output (or its code block) type-checks with the TypeScript compiler (strict by default); .ts, .tsx and Vue SFCs.',
  options: CompileSettingsSchema,
  argsFromCase(_testCase, options): [CompileOptions] {
    return [options]
  },
  async evaluate(received: string, options?: CompileOptions) {
    const settings = parseMatcherOptions('toCompileWithTsc', CompileSettingsSchema, options)
    // a check is synchronous CPU work: let other tests' I/O run between checks
    await nextTurn()
    return compileCheck(received, settings)
  },
})
