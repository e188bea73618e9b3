import type { CaseRecord } from '../../record/schema.ts'
import type { JudgeUse } from './page-model.ts'

/**
 * A judge's usage on one case, summed over the evaluations whose `details.judge`
 * carries one (`toSatisfyRubric` puts it there); null when none does. Every
 * judge's `provider:model` goes into `judges`. The details are free-form, so
 * every field is checked before it is used.
 */
export function judgeUseOf(record: CaseRecord, judges: Set<string>): JudgeUse | null {
  let use: JudgeUse | null = null
  for (const e of record.evaluations) {
    const j = e.details?.['judge']
    if (!isObject(j)) continue
    const calls = numberOr(j['calls'], 1)
    const input = numberOr(j['inputTokens'], null)
    const output = numberOr(j['outputTokens'], null)
    const cost = numberOr(j['cost'], null)
    if (typeof j['provider'] === 'string') judges.add(typeof j['model'] === 'string' ? `${j['provider']}:${j['model']}` : j['provider'])
    if (!use) use = { calls, input, output, cost }
    else use = { calls: use.calls + calls, input: addNullable(use.input, input), output: addNullable(use.output, output), cost: use.cost === null || cost === null ? null : use.cost + cost }
  }
  return use
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function numberOr<T extends number | null>(value: unknown, fallback: T): number | T {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback
}

/** Known counts add up; a side with none counts as nothing, both unknown stays unknown. */
function addNullable(a: number | null, b: number | null): number | null {
  return a === null && b === null ? null : (a ?? 0) + (b ?? 0)
}
