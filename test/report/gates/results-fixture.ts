import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { CaseRecord, CaseStatus } from '../../../src/record/schema.ts'
import { stableStringify } from '../../../src/record/stable-json.ts'
import { buildRunResults, type RunResults } from '../../../src/report/run-results.ts'

/** What a test says about one record; the rest is filled in. */
export interface RecordSpec {
  dataset?: string
  caseId: string
  provider?: string
  status?: CaseStatus
  /** One evaluation `contains` with this score (none when null). */
  score?: number | null
  /** More evaluations by matcher name. */
  scores?: Record<string, number>
  e2eMs?: number
  cost?: number | null
  replayed?: boolean
  sample?: number | null
  /** Run mode with `repeats: N`: the repeat index. */
  repeat?: number
  /** The dataset's prompt variant. */
  variant?: string
}

/** A complete case record as a run writes it. */
export function record(spec: RecordSpec): CaseRecord {
  const status = spec.status ?? 'passed'
  const provider = spec.provider ?? 'openai:gpt-4o-mini'
  const replayed = spec.replayed ?? false
  const evaluations = [
    ...(spec.score === null ? [] : [{ name: 'contains', pass: status === 'passed', score: spec.score ?? (status === 'passed' ? 1 : 0), threshold: 0.5, reason: 'fixture' }]),
    ...Object.entries(spec.scores ?? {}).map(([name, score]) => ({ name, pass: score >= 0.5, score, threshold: 0.5, reason: 'fixture' })),
  ]
  const ran = status !== 'skipped'
  return {
    runId: null,
    dataset: spec.dataset ?? 'qa',
    datasetFile: `/datasets/${spec.dataset ?? 'qa'}.dataset.yaml`,
    caseId: spec.caseId,
    category: null,
    provider,
    providerType: provider.split(':')[0] ?? provider,
    model: provider.split(':')[1] ?? provider,
    requestHash: '0123456789abcdef',
    prompt: `prompt of ${spec.caseId}`,
    output: ran && status !== 'error' && status !== 'timeout' ? 'an answer' : null,
    finishReason: ran ? 'stop' : null,
    status,
    error: status === 'error' ? { class: 'server_error', message: 'HTTP 500' } : status === 'timeout' ? { class: 'timeout', message: 'timed out' } : null,
    usage: { inputTokens: 10, outputTokens: 5, source: 'provider' },
    cost: spec.cost === undefined ? (replayed ? 0 : 0.001) : spec.cost,
    timings: ran ? { queueMs: 0, ttftMs: null, e2eMs: spec.e2eMs ?? 100, tpotMs: null, itlMs: [], streamed: false } : null,
    serverTimings: null,
    attempts: replayed ? 0 : 1,
    retries: 0,
    cached: replayed,
    ...(replayed ? { replayed: true } : {}),
    evaluations: ran ? evaluations : [],
    sample: spec.sample ?? null,
    ...(spec.repeat === undefined ? {} : { repeat: spec.repeat }),
    ...(spec.variant === undefined ? {} : { variant: spec.variant }),
    startedAt: '2026-11-20T10:00:00.000Z',
    endedAt: '2026-11-20T10:00:01.000Z',
  }
}

/** RunResults as the reporter builds them. */
export function results(specs: readonly RecordSpec[], info: { runId?: string; project?: string; mode?: string; reason?: string } = {}): RunResults {
  const runId = info.runId ?? 'llm-20261120-100000-0123abcd'
  return buildRunResults(
    {
      runId,
      project: info.project ?? 'llm',
      mode: info.mode ?? 'run',
      startedAt: new Date('2026-11-20T10:00:00.000Z'),
      endedAt: new Date('2026-11-20T10:00:05.000Z'),
      reason: info.reason ?? 'passed',
    },
    specs.map((s) => ({ ...record(s), runId })),
    [],
  )
}

/** `count` cases `c01`, `c02`, ... with the same spec. */
export function cases(count: number, spec: Omit<RecordSpec, 'caseId'> = {}, from = 1): RecordSpec[] {
  return Array.from({ length: count }, (_, i) => ({ ...spec, caseId: `c${String(from + i).padStart(2, '0')}` }))
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'llm-gates-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix))
}

/** Writes a run folder `<outputDir>/<runId>/results.json` as the reporter does; returns the folder. */
export function writeRun(outputDir: string, run: RunResults): string {
  const dir = path.join(outputDir, run.runId)
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'results.json'), `${stableStringify(run, 2)}\n`)
  return dir
}
