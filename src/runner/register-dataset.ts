import { describe, test, type TestContext } from 'vitest'
import { loadDataset } from '../dataset/load.ts'
import type { ResolvedCase, ResolvedDataset } from '../dataset/types.ts'
import type { ProviderSpec } from '../providers/spec.ts'
import type { CaseRecord } from '../record/schema.ts'
import { runCase } from './run-case.ts'
import { workerContext, type WorkerContext } from './worker-context.ts'

/** Extra time Vitest allows beyond our own per-case timeout, so ours fires first and is recorded. */
const VITEST_TIMEOUT_MARGIN_MS = 5_000

/**
 * Turns a dataset file into tests: one `test.concurrent` per case and provider,
 * named `<case id> › <provider>` inside a `describe` named after the dataset.
 * A bad dataset throws here, which fails this file alone with the loader's message.
 */
export async function registerDatasetTests(file: string): Promise<void> {
  const wc = await workerContext()
  const dataset = loadDataset(file, { knownMatchers: wc.knownMatchers })
  await wc.useMatchers(dataset.cases.flatMap((c) => c.assertions.map((a) => a.name)))
  const calls = wc.mode === 'bench' ? wc.options.bench.iterations + wc.options.bench.warmup : 1
  describe(dataset.name, () => {
    for (const testCase of dataset.cases) {
      const timeout = (testCase.timeoutMs ?? wc.options.timeoutMs) * calls + VITEST_TIMEOUT_MARGIN_MS
      for (const spec of providersOf(testCase, wc.specs)) {
        const meta = {
          llmBench: {
            case: { dataset: dataset.name, datasetFile: file, caseId: testCase.id, category: testCase.category, provider: spec.id },
            records: [],
          },
        }
        test.concurrent(`${testCase.id} › ${spec.id}`, { timeout, meta }, (ctx) => runTest(ctx, wc, dataset, testCase, spec))
      }
    }
  })
}

/** The providers a case runs on: all of them, or those its `config.providers` names (by id or type). */
export function providersOf(testCase: ResolvedCase, specs: ProviderSpec[]): ProviderSpec[] {
  if (!testCase.providers) return specs
  const wanted = new Set(testCase.providers)
  return specs.filter((spec) => wanted.has(spec.id) || wanted.has(spec.type))
}

async function runTest(ctx: TestContext, wc: WorkerContext, dataset: ResolvedDataset, testCase: ResolvedCase, spec: ProviderSpec): Promise<void> {
  const records = ctx.task.meta.llmBench?.records ?? []
  const samples = wc.mode === 'bench' ? benchSamples(wc) : [null]
  for (const sample of samples) {
    const record = await runCase(ctx, wc, { dataset, testCase, spec, sample })
    if (sample !== -1) records.push(record)
    if (record.error) throw new CaseError(record)
  }
}

/** Warm-up calls (-1, not recorded) then the measured samples 0..n-1. */
function benchSamples(wc: WorkerContext): number[] {
  const { warmup, iterations } = wc.options.bench
  return [...Array<number>(warmup).fill(-1), ...Array.from({ length: iterations }, (_, i) => i)]
}

/** A case that could not be scored: its provider call or an evaluator failed. */
export class CaseError extends Error {
  override name = 'CaseError'
  constructor(record: CaseRecord) {
    const tries = record.attempts > 1 ? ` (after ${record.attempts} attempts)` : ''
    super(`${record.status === 'timeout' ? 'timed out' : 'error'} [${record.error?.class}] ${record.error?.message}${tries}`)
  }
}
