import { fileURLToPath } from 'node:url'
import type { TestProjectInlineConfiguration } from 'vitest/config'
import { DEFAULT_RETRY, parseProviderSpec } from '../providers/spec.ts'
import { vitestTestTimeout } from '../runner/test-timeout.ts'
import { llmBenchPlugin } from '../runner/vitest-plugin.ts'
import { resolveOptions, type LlmBenchOptions } from './options.ts'

/** The runner module next to this file (`.ts` in the repository, `.js` once built). */
const runnerPath = fileURLToPath(new URL(`../runner/dataset-runner${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url))

/**
 * A Vitest project that runs dataset files as tests: one line in `test.projects`.
 *
 *     projects: [llmBench({ name: 'llm', providers: ['openai:gpt-4o-mini'] })]
 */
export function llmBench(input: LlmBenchOptions = {}): TestProjectInlineConfiguration {
  const resolved = resolveOptions(input)
  const options = { ...resolved, maxConcurrency: resolved.maxConcurrency ?? defaultMaxConcurrency(resolved.providers) }
  return {
    plugins: [llmBenchPlugin(options)],
    test: {
      name: options.name,
      // hand-written `*.llm.test.ts` files run beside the datasets, as cases of the same report
      include: [...options.datasets, ...options.tests],
      // recordings (`__recordings__/`) sit beside datasets and are never datasets themselves
      exclude: ['**/node_modules/**', '**/__recordings__/**', ...options.exclude],
      runner: runnerPath,
      // provider limits throttle a run; Vitest's default of 5 tests at once must not
      maxConcurrency: options.maxConcurrency,
      isolate: options.isolate,
      execArgv: options.execArgv,
      // ours end a case (each attempt's timeout, the run deadline); Vitest's must not cut a queue wait short
      testTimeout: vitestTestTimeout({ runDeadlineMs: options.runDeadlineMs, timeoutMs: options.timeoutMs, retry: DEFAULT_RETRY, calls: 1 }),
      benchmark: { include: options.datasets, exclude: ['**/node_modules/**', '**/__recordings__/**', ...options.exclude] },
    },
  }
}

/** Enough tests at once to fill every provider's slots (their limits hold run-wide anyway), at most 256. */
function defaultMaxConcurrency(providers: readonly unknown[]): number {
  const slots = providers.reduce<number>((sum, input) => sum + parseProviderSpec(input).concurrency, 0)
  return Math.min(256, Math.max(5, slots))
}
