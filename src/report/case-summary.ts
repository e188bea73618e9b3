import type { CaseRecord, CaseSummary, LlmBenchTaskMeta } from '../record/schema.ts'

/** A record's compact form (no prompt, output, gaps or reasons: those are in results.jsonl). */
export function caseSummary(record: CaseRecord): CaseSummary {
  return {
    status: record.status,
    ...(record.resumed ? { resumed: true as const } : {}),
    sample: record.sample,
    scores: record.evaluations.map((e) => ({ name: e.name, score: e.score, pass: e.pass })),
    ttftMs: record.timings?.ttftMs ?? null,
    e2eMs: record.timings?.e2eMs ?? null,
    outputTokens: record.usage.outputTokens,
    cost: record.cost,
  }
}

/** A test's meta once its records are on disk: their summaries in place of the records. */
export function compactCaseMeta(meta: LlmBenchTaskMeta): void {
  if (meta.records.length === 0) return
  // `map` and `concat` make arrays of the exact length (a spread leaves spare capacity: ~130 B per case)
  const summaries = meta.records.map(caseSummary)
  meta.summaries = meta.summaries ? meta.summaries.concat(summaries) : summaries
  meta.records = []
}
