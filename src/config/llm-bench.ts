import { fileURLToPath } from 'node:url'
import type { TestProjectInlineConfiguration } from 'vitest/config'
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
  const options = resolveOptions(input)
  return {
    plugins: [llmBenchPlugin(options)],
    test: {
      name: options.name,
      include: options.datasets,
      exclude: ['**/node_modules/**', ...options.exclude],
      runner: runnerPath,
      // provider limits throttle a run; Vitest's default of 5 tests at once must not
      maxConcurrency: options.maxConcurrency,
      isolate: options.isolate,
      // our own per-case timeout fires first and is recorded; this is the backstop
      testTimeout: options.timeoutMs + 5_000,
      benchmark: { include: options.datasets, exclude: ['**/node_modules/**', ...options.exclude] },
    },
  }
}
