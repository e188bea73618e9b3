import type { CaseRecord } from '../../src/record/schema.ts'
import { buildRunResults, type RunResults } from '../../src/report/run-results.ts'
import { record, type RecordSpec } from '../report/gates/results-fixture.ts'

/** A record spec with what comparing pairs and shows besides: variant, repeat, output, TTFT. */
export interface CompareSpec extends RecordSpec {
  variant?: string
  repeat?: number
  output?: string | null
  ttftMs?: number
}

export function compareRecord(spec: CompareSpec): CaseRecord {
  const r = record(spec)
  return {
    ...r,
    ...(spec.variant === undefined ? {} : { variant: spec.variant }),
    ...(spec.repeat === undefined ? {} : { repeat: spec.repeat }),
    ...(spec.output === undefined ? {} : { output: spec.output }),
    ...(spec.ttftMs === undefined || r.timings === null ? {} : { timings: { ...r.timings, ttftMs: spec.ttftMs, streamed: true } }),
  }
}

/** results.json of a run, built by the project's own aggregation (buildRunResults). */
export function runOf(specs: readonly CompareSpec[], info: { runId: string; project?: string; mode?: string; reason?: string; startedAt?: string }): RunResults {
  const startedAt = new Date(info.startedAt ?? '2026-11-20T10:00:00.000Z')
  return buildRunResults(
    { runId: info.runId, project: info.project ?? 'llm', mode: info.mode ?? 'run', startedAt, endedAt: new Date(startedAt.getTime() + 5000), reason: info.reason ?? 'passed' },
    specs.map((s) => ({ ...compareRecord(s), runId: info.runId })),
    [],
  )
}
