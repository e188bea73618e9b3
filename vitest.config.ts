import { defineConfig } from 'vitest/config'
import { llmBench } from './src/index.ts'

// Providers for the llm projects: the embedded local model unless LLM_BENCH_PROVIDERS
// names others (comma-separated specs, e.g. "openai:gpt-4o-mini,local").
const providers = process.env.LLM_BENCH_PROVIDERS ? process.env.LLM_BENCH_PROVIDERS.split(',').map((s) => s.trim()) : ['local']

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 } },
      // the quick start: a story dataset the tiny local model can pass (not the throwaway test projects under .cache/)
      // gated against the committed llm-baseline.json, as a pull request would be
      llmBench({ name: 'llm', datasets: 'datasets/quickstart/**/*.dataset.{yaml,yml,json}', exclude: ['.cache/**'], providers, gates: { minPassRate: 1, noNewFailures: true } }),
      // the built-in suites: meaningful against real models (the tiny one fails them)
      llmBench({ name: 'llm-builtin', datasets: 'datasets/{builtin,refactoring}/**/*.dataset.{yaml,yml,json}', exclude: ['.cache/**'], providers }),
    ],
  },
})
