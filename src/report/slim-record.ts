import type { CaseRecord, Evaluation, ModelCall } from '../record/schema.ts'

/**
 * A case record with what only its own artifacts show taken out: what the
 * aggregation, the gates, the system summary and summary.md read of it, and
 * no more. A run's end holds one of these per record (a few hundred bytes
 * and its inter-token gaps) instead of the record; the artifacts that show
 * whole records (results.json, cases.csv, raw responses, report.html) read
 * them again from the record source.
 *
 * Kept: every name, status, count, timing, cost and flag; the error's class
 * and message; a failing evaluation's reason (summary.md says why a case
 * failed); an evaluation's `details.judge` (judge usage). Gone: the prompt,
 * the output's text (`''` for an output, null stays null), passing
 * evaluations' reasons, other evaluation details, a call's texts, attempt
 * error messages, stacks. Repeated names are shared, not copied per record;
 * the inter-token gaps of all records live in one Float64Array.
 */
export class RecordSlimmer {
  readonly #names = new Map<string, string>()
  #gaps = new Float64Array(1 << 16)
  #gapCount = 0
  #views: Array<{ record: CaseRecord; from: number; to: number }> = []

  slim(r: CaseRecord): CaseRecord {
    const name = (s: string): string => this.#intern(s)
    const out: CaseRecord = {
      ...r,
      dataset: name(r.dataset),
      datasetFile: name(r.datasetFile),
      category: r.category === null ? null : name(r.category),
      provider: name(r.provider),
      providerType: name(r.providerType),
      model: name(r.model),
      prompt: '',
      output: r.output === null ? null : '',
      finishReason: r.finishReason === null ? null : name(r.finishReason),
      error: r.error === null ? null : { class: name(r.error.class), message: r.error.message },
      usage: { ...r.usage },
      timings: r.timings === null ? null : { ...r.timings, itlMs: [] },
      evaluations: r.evaluations.map((e) => this.#evaluation(e)),
    }
    if (r.attemptErrors !== undefined) out.attemptErrors = []
    if (r.calls !== undefined) out.calls = r.calls.map(slimCall)
    if (r.host !== undefined) out.host = name(r.host)
    if (r.timings !== null && r.timings.itlMs.length > 0) this.#keepGaps(out, r.timings.itlMs)
    return out
  }

  /**
   * Points every slimmed record's `timings.itlMs` at its gaps in the shared
   * buffer (call once, after the last `slim`): a Float64Array view, read as
   * the numbers it holds.
   */
  finish(): void {
    for (const { record, from, to } of this.#views) {
      if (record.timings) record.timings.itlMs = this.#gaps.subarray(from, to) as unknown as number[]
    }
    this.#views = []
  }

  #keepGaps(record: CaseRecord, gaps: readonly number[]): void {
    const need = this.#gapCount + gaps.length
    if (need > this.#gaps.length) {
      const grown = new Float64Array(Math.max(need, this.#gaps.length * 2))
      grown.set(this.#gaps.subarray(0, this.#gapCount))
      this.#gaps = grown
    }
    const from = this.#gapCount
    for (let i = 0; i < gaps.length; i++) this.#gaps[from + i] = gaps[i] as number
    this.#gapCount = need
    this.#views.push({ record, from, to: need })
  }

  #evaluation(e: Evaluation): Evaluation {
    const out: Evaluation = { name: this.#intern(e.name), pass: e.pass, score: e.score, threshold: e.threshold, reason: e.pass ? '' : e.reason }
    const judge = e.details?.['judge']
    if (judge !== undefined) out.details = { judge }
    return out
  }

  #intern(s: string): string {
    const known = this.#names.get(s)
    if (known !== undefined) return known
    this.#names.set(s, s)
    return s
  }
}

function slimCall(c: ModelCall): ModelCall {
  const out: ModelCall = { provider: c.provider, model: c.model, usage: c.usage, cost: c.cost, timings: c.timings, cached: c.cached, attempts: c.attempts }
  if (c.error !== undefined) out.error = { class: c.error.class, message: '' }
  return out
}
