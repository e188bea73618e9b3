import type { TestCase, TestModule } from 'vitest/node'
import { redactValue } from '../providers/redaction/registry.ts'
import type { CaseRecord } from '../record/schema.ts'
import { caseSlotString } from '../runner/resume/keys.ts'
import type { JsonlWriter } from './jsonl-writer.ts'
import { jsonlSource, type RecordSource } from './record-source.ts'
import { recordSourceOf, type RecordsPlan } from './records-plan.ts'
import { datasetFileOf } from '../runner/dataset-split.ts'
import type { DatasetFailure } from './run-results.ts'

/** Where a run's records are at its end: its results.jsonl writer (closed), and the cases a resume reused. */
export interface RunRecords {
  jsonl: Pick<JsonlWriter, 'file' | 'pendingValues'>
  /** The slots (`caseSlotString`) of the records a resumed run reused: in the file already, marked `resumed`. */
  resumed: ReadonlySet<string>
  /** The file holds records of a run's earlier attempt too (resume): a placeholder never stands in for one of them. */
  resume: boolean
}

/**
 * The run's case records, read in passes (see record-source.ts): the lines of
 * its `results.jsonl` (the main reporter wrote each record there as its test
 * ended, redacted), then the records the writer kept in memory after a disk
 * failure, then a placeholder for every test of the tree that never produced
 * a record (skipped, filtered, cancelled), made from its meta and its Vitest
 * result, so every case is counted. A merged shard report has them all: its
 * reporter wrote the blobs' records to its own `results.jsonl`. Nothing here
 * holds a record per case: tests keep summaries (case-summary.ts).
 */
export function collectRecords(modules: readonly TestModule[], isOurs: (m: TestModule) => boolean, run: RunRecords): { records: RecordSource; plan: RecordsPlan; failures: DatasetFailure[] } {
  const placeholders: CaseRecord[] = []
  const failures: DatasetFailure[] = []
  for (const module of modules) {
    if (!isOurs(module)) continue
    const errors = module.errors()
    if (errors.length > 0) failures.push({ file: datasetFileOf(module.moduleId), message: errors.map((e) => e.message).join('\n') })
    for (const testCase of module.children.allTests()) {
      const own = testCase.meta().llmBench
      if (!own || own.records.length > 0 || (own.summaries?.length ?? 0) > 0) continue
      const placeholder = recordWithoutRun(testCase)
      if (placeholder) placeholders.push(redactValue(placeholder))
    }
  }
  const onDisk = jsonlSource(run.jsonl.file)
  const kept = run.resume ? withoutSlotsOf(placeholders, onDisk) : placeholders
  const plan: RecordsPlan = { file: run.jsonl.file, extra: [...(run.jsonl.pendingValues() as CaseRecord[]), ...kept], resumed: [...run.resumed] }
  return { records: recordSourceOf(plan), plan, failures }
}

/** The placeholders whose case has no record in the file (a resumed run's earlier attempt may have one). */
function withoutSlotsOf(placeholders: CaseRecord[], source: RecordSource): CaseRecord[] {
  if (placeholders.length === 0) return placeholders
  const wanted = new Set(placeholders.map(caseSlotString))
  const found = new Set<string>()
  for (const record of source()) {
    const slot = caseSlotString(record)
    if (wanted.has(slot)) found.add(slot)
  }
  return placeholders.filter((p) => !found.has(caseSlotString(p)))
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
    ...(info.repeat === undefined ? {} : { repeat: info.repeat }),
    ...(info.variant === undefined ? {} : { variant: info.variant }),
    startedAt: now,
    endedAt: now,
  }
}
