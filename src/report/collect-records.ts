import type { TestCase, TestModule } from 'vitest/node'
import type { CaseRecord } from '../record/schema.ts'
import type { DatasetFailure } from './run-results.ts'

/**
 * Reads the case records from the finished test tree (they travel in
 * `task.meta`, so a merged shard report has them too). A test that never
 * produced a record (skipped, filtered, cancelled) gets one from its meta and
 * its Vitest result, so every case is counted.
 */
export function collectRecords(modules: readonly TestModule[], isOurs: (m: TestModule) => boolean): { records: CaseRecord[]; failures: DatasetFailure[] } {
  const records: CaseRecord[] = []
  const failures: DatasetFailure[] = []
  for (const module of modules) {
    if (!isOurs(module)) continue
    const errors = module.errors()
    if (errors.length > 0) failures.push({ file: module.moduleId, message: errors.map((e) => e.message).join('\n') })
    for (const testCase of module.children.allTests()) {
      const own = testCase.meta().llmBench?.records ?? []
      if (own.length > 0) records.push(...own)
      else {
        const placeholder = recordWithoutRun(testCase)
        if (placeholder) records.push(placeholder)
      }
    }
  }
  return { records, failures }
}

function recordWithoutRun(testCase: TestCase): CaseRecord | null {
  const info = testCase.meta().llmBench?.case
  if (!info) return null
  const result = testCase.result()
  const failed = result.state === 'failed'
  const message = failed ? (result.errors?.map((e) => e.message).join('\n') ?? 'failed') : ''
  const now = new Date(0).toISOString()
  return {
    runId: null,
    dataset: info.dataset,
    datasetFile: info.datasetFile,
    caseId: info.caseId,
    category: info.category,
    provider: info.provider,
    providerType: info.provider.split(':')[0] ?? info.provider,
    model: '',
    requestHash: '',
    prompt: '',
    output: null,
    finishReason: null,
    status: failed ? 'error' : 'skipped',
    error: failed ? { class: 'test_error', message } : null,
    usage: { inputTokens: null, outputTokens: null, source: 'none' },
    cost: null,
    timings: null,
    serverTimings: null,
    attempts: 0,
    retries: 0,
    cached: false,
    evaluations: [],
    sample: null,
    startedAt: now,
    endedAt: now,
  }
}
