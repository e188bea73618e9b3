import type { CaseRecord } from '../../record/schema.ts'
import { judgeStats } from '../aggregate.ts'
import type { JudgeStats } from '../results-schema.ts'
import { costCells, type Column } from './columns.ts'

/**
 * The columns of `cases.csv`, one row per record: which case (and prompt variant, in a run
 * with variants), its status and
 * error, the mean score and the score of each matcher of the run
 * (`score_<matcher>`, the mean when a case applies a matcher twice), tokens,
 * cost (empty plus `cost_note` when unknown), the model calls made from code
 * (`model_calls`, empty when none; already in the tokens and cost), timings, attempts (and why each
 * failed one failed: `attempt_errors`), and the request hash.
 */
export function caseColumns(matchers: readonly string[], options: { variants?: boolean } = {}): Column<CaseRecord>[] {
  // four columns read a record's judge figures: worked out once per record (most records have no judge: shared zeros)
  let judgedRecord: CaseRecord | null = null
  let judged = NO_JUDGE
  const judge = (r: CaseRecord): JudgeStats => {
    if (judgedRecord !== r) {
      judgedRecord = r
      judged = hasJudge(r) ? judgeStats([r]) : NO_JUDGE
    }
    return judged
  }
  return [
    { header: 'dataset', value: (r) => r.dataset },
    { header: 'case_id', value: (r) => r.caseId },
    { header: 'category', value: (r) => r.category },
    { header: 'provider', value: (r) => r.provider },
    // a run with prompt variants (`variants:`) names each record's; a run without has no such column
    ...(options.variants ? [{ header: 'variant', value: (r: CaseRecord) => r.variant ?? null }] : []),
    { header: 'provider_type', value: (r) => r.providerType },
    { header: 'model', value: (r) => r.model },
    { header: 'sample', value: (r) => r.sample },
    { header: 'status', value: (r) => r.status },
    { header: 'error_class', value: (r) => r.error?.class ?? null },
    { header: 'error_message', value: (r) => r.error?.message ?? null },
    { header: 'score_mean', value: (r) => meanScore(r, null) },
    ...matchers.map((m) => ({ header: `score_${m}`, value: (r: CaseRecord) => meanScore(r, m) })),
    { header: 'failed_matchers', value: (r) => failedMatchers(r) },
    { header: 'input_tokens', value: (r) => r.usage.inputTokens },
    { header: 'output_tokens', value: (r) => r.usage.outputTokens },
    { header: 'usage_source', value: (r) => r.usage.source },
    { header: 'cost_usd', value: (r) => r.cost },
    { header: 'cost_note', value: (r) => costNote(r) },
    { header: 'judge_calls', value: (r) => judge(r).calls },
    { header: 'judge_input_tokens', value: (r) => judge(r).inputTokens },
    { header: 'judge_output_tokens', value: (r) => judge(r).outputTokens },
    { header: 'judge_cost_usd', value: (r) => costCells(judge(r).cost).usd },
    // calls made from code (provider(...)); their tokens and cost are in the columns above
    { header: 'model_calls', value: (r) => r.calls?.length ?? null },
    { header: 'queue_ms', value: (r) => r.timings?.queueMs ?? null },
    { header: 'ttft_ms', value: (r) => r.timings?.ttftMs ?? null },
    { header: 'e2e_ms', value: (r) => r.timings?.e2eMs ?? null },
    { header: 'tpot_ms', value: (r) => r.timings?.tpotMs ?? null },
    { header: 'itl_mean_ms', value: (r) => (r.timings && r.timings.itlMs.length > 0 ? sumOf(r.timings.itlMs) / r.timings.itlMs.length : null) },
    { header: 'streamed', value: (r) => r.timings?.streamed ?? null },
    { header: 'finish_reason', value: (r) => r.finishReason },
    { header: 'attempts', value: (r) => r.attempts },
    { header: 'retries', value: (r) => r.retries },
    { header: 'attempt_errors', value: (r) => attemptErrorsCell(r) },
    { header: 'cached', value: (r) => r.cached },
    { header: 'replayed', value: (r) => r.replayed === true },
    { header: 'request_hash', value: (r) => r.requestHash },
    { header: 'started_at', value: (r) => r.startedAt },
    { header: 'ended_at', value: (r) => r.endedAt },
  ]
}

/** Mean score of a record's evaluations (of one matcher when named); null when there is none. Summed in order, as `sum` does. */
function meanScore(r: CaseRecord, matcher: string | null): number | null {
  let total = 0
  let count = 0
  for (const e of r.evaluations) {
    if (matcher !== null && e.name !== matcher) continue
    total += e.score
    count++
  }
  return count > 0 ? total / count : null
}

/** The sum of the values in order (the same number as `sum`), by index: a record's gaps are a plain or a typed array. */
function sumOf(values: ArrayLike<number>): number {
  let total = 0
  for (let i = 0; i < values.length; i++) total += values[i] as number
  return total
}

/** The names of the matchers that did not pass, space-separated. */
function failedMatchers(r: CaseRecord): string {
  let names = ''
  let first = true
  for (const e of r.evaluations) {
    if (e.pass) continue
    names = first ? e.name : `${names} ${e.name}`
    first = false
  }
  return names
}

/** Whether an evaluation of the record has judge details (see judgeStats). */
function hasJudge(r: CaseRecord): boolean {
  for (const e of r.evaluations) if (e.details?.['judge'] !== undefined) return true
  return false
}

/** A record without judge details: judgeStats' zeros, shared (read, never changed). */
const NO_JUDGE: JudgeStats = judgeStats([])

/** Why the cost cell is what it is: the record's own note, or `unknown price` for an output without a price. */
function costNote(r: CaseRecord): string {
  if (r.costNote) return r.costNote
  return r.cost === null && r.output !== null ? 'unknown price' : ''
}

/**
 * Why each failed attempt failed, compact: `1:rate_limit/429 2:server_error/500`
 * (attempt, class, HTTP status when there was one); the messages are in
 * `results.jsonl`. Empty when no attempt failed.
 */
function attemptErrorsCell(r: CaseRecord): string {
  if (r.attemptErrors === undefined || r.attemptErrors.length === 0) return ''
  return r.attemptErrors.map((a) => `${a.attempt}:${a.class}${a.status !== undefined ? `/${a.status}` : ''}`).join(' ')
}
