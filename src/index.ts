export { llmBench } from './config/llm-bench.ts'
export type { LlmBenchOptions } from './config/options.ts'
export type { CaseRecord, Evaluation, LlmBenchTaskMeta, ModelCall } from './record/schema.ts'
export type { Provider, ProviderRequest, ProviderResponse, ChatMessage, ModelParams, Usage } from './providers/types.ts'
export type { Timings } from './metrics/timings.ts'
export { summarize, percentileOfSorted, type Distribution } from './metrics/percentile.ts'
// every matcher on Vitest's `expect`, typed with its options (the package's types entry brings them too)
export type * from './evaluators/matcher-types.ts'
export { defineEvaluator } from './evaluators/define-evaluator.ts'
// model calls from code (a function provider, a hand-written test): counted in the calling case's record
export { provider, ModelCallError, type ModelAnswer, type ModelHandle, type ModelRequest } from './runner/model-api.ts'
export { defineProvider } from './providers/function/define-provider.ts'
export type { FunctionProviderInput, FunctionProviderResult, FunctionProviderAnswer, FunctionProviderDefinition, FunctionUsage } from './providers/function/define-provider.ts'
export type { DatasetFile, DatasetTestCase } from './dataset/schema.ts'
