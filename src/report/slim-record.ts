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
 * the inter-token gaps live in Float64Array blocks (8 bytes a gap: the pooled
 * ITL percentiles are exact, so every gap is kept).
 */
export class RecordSlimmer {
  readonly #names = new Map<string, string>()
  /** The gaps, in blocks of about a million numbers: a record's gaps are in one block; no doubling, no copy. */
  #block = new Float64Array(GAP_BLOCK)
  #used = 0

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
      timings: r.timings === null ? null : { ...r.timings, itlMs: this.#keepGaps(r.timings.itlMs) },
      evaluations: r.evaluations.map((e) => this.#evaluation(e)),
    }
    if (r.costNote !== undefined) out.costNote = name(r.costNote)
    if (r.attemptErrors !== undefined) out.attemptErrors = []
    if (r.calls !== undefined) out.calls = r.calls.map(slimCall)
    if (r.host !== undefined) out.host = name(r.host)
    if (r.variant !== undefined) out.variant = name(r.variant)
    return out
  }

  /** The gaps copied into the current block, as a Float64Array view read as the numbers it holds. */
  #keepGaps(gaps: readonly number[]): number[] {
    if (gaps.length === 0) return []
    if (this.#used + gaps.length > this.#block.length) {
      this.#block = new Float64Array(Math.max(GAP_BLOCK, gaps.length))
      this.#used = 0
    }
    const from = this.#used
    const block = this.#block
    // one copy of the whole list (a parsed JSON array of numbers: V8 copies it without a per-element call)
    block.set(gaps, from)
    this.#used += gaps.length
    return block.subarray(from, this.#used) as unknown as number[]
  }

  /**
   * Lets go of the inter-token gaps of records this slimmer made (each has a
   * timings object of its own): once the numbers are aggregated nothing reads
   * them again, and at 100,000 records they are ~80 MB that would otherwise
   * stay through the artifacts' pass.
   */
  releaseGaps(records: Iterable<CaseRecord>): void {
    for (const r of records) if (r.timings !== null && r.timings.itlMs.length > 0) r.timings.itlMs = []
    this.#block = new Float64Array(0)
    this.#used = 0
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

/** Numbers per block of inter-token gaps (8 MiB). */
const GAP_BLOCK = 1 << 20

function slimCall(c: ModelCall): ModelCall {
  const out: ModelCall = { provider: c.provider, model: c.model, usage: c.usage, cost: c.cost, timings: c.timings, cached: c.cached, attempts: c.attempts }
  if (c.error !== undefined) out.error = { class: c.error.class, message: '' }
  return out
}
