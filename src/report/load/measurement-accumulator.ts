import type { CaseRecord, LoadPoint } from '../../record/schema.ts'
import { NumberList } from './number-list.ts'
import { peakConcurrency } from './peak-concurrency.ts'
import type { LoadMeasurement, Slo } from './schema.ts'
import { meetsSlo } from './slo.ts'

/**
 * One provider at one load level, added to a record at a time: it keeps counters and a few numbers
 * per record (send and end time, TTFT, TPOT, E2E, queue wait, and the record's ITL gaps), never the
 * record itself, so a measurement of any size is summarised in bounded memory per request.
 */
export class MeasurementAccumulator {
  readonly provider: string
  readonly point: LoadPoint
  #model = ''
  #requests = 0
  #completed = 0
  #errors = 0
  #replayed = 0
  #passed = 0
  #sloMet = 0
  #qualityMet = 0
  #inputTokens = 0
  #outputTokens = 0
  readonly #sent = new NumberList()
  readonly #ended = new NumberList()
  readonly #ttft = new NumberList()
  readonly #tpot = new NumberList()
  readonly #itl = new NumberList()
  readonly #e2e = new NumberList()
  readonly #queue = new NumberList()

  constructor(provider: string, point: LoadPoint) {
    this.provider = provider
    this.point = point
  }

  add(r: CaseRecord, slo: Slo | null): void {
    if (r.status === 'skipped') return
    if (r.model !== '' && this.#model === '') this.#model = r.model
    if (r.cached) {
      this.#replayed++
      return
    }
    this.#requests++
    const failed = r.status === 'error' || r.status === 'timeout'
    if (failed) this.#errors++
    else this.#completed++
    if (r.status === 'passed') this.#passed++
    if (slo !== null && meetsSlo(r, slo)) {
      this.#sloMet++
      if (r.status === 'passed') this.#qualityMet++
    }
    this.#inputTokens += r.usage.inputTokens ?? 0
    this.#outputTokens += r.usage.outputTokens ?? 0
    const t = r.timings
    if (t === null) return
    const sent = Date.parse(r.startedAt) + t.queueMs
    if (Number.isFinite(sent)) {
      this.#sent.push(sent)
      this.#ended.push(sent + t.e2eMs)
    }
    this.#e2e.push(t.e2eMs)
    this.#queue.push(t.queueMs)
    if (t.ttftMs !== null) this.#ttft.push(t.ttftMs)
    if (t.tpotMs !== null) this.#tpot.push(t.tpotMs)
    for (const gap of t.itlMs) this.#itl.push(gap)
  }

  /** The measurement's row; `slo` null: goodput figures null. */
  result(slo: Slo | null): LoadMeasurement {
    const sent = this.#sent.sorted()
    const ended = this.#ended.sorted()
    const spanMs = sent.length > 0 ? (ended[ended.length - 1] as number) - (sent[0] as number) : 0
    const durationS = spanMs > 0 ? spanMs / 1000 : null
    const perSecond = (n: number): number | null => (durationS === null ? null : n / durationS)
    return {
      provider: this.provider,
      model: this.#model,
      measurement: this.point.measurement,
      label: this.point.label,
      kind: this.point.kind,
      concurrency: this.point.concurrency,
      ratePerS: this.point.ratePerS,
      requests: this.#requests,
      completed: this.#completed,
      errors: this.#errors,
      errorRate: this.#requests > 0 ? this.#errors / this.#requests : null,
      replayed: this.#replayed,
      passed: this.#passed,
      durationS,
      requestsPerSecond: perSecond(this.#completed),
      outputTokensPerSecond: perSecond(this.#outputTokens),
      totalTokensPerSecond: perSecond(this.#inputTokens + this.#outputTokens),
      ttftMs: this.#ttft.distribution(),
      tpotMs: this.#tpot.distribution(),
      itlMs: this.#itl.distribution(),
      e2eMs: this.#e2e.distribution(),
      queueMs: this.#queue.distribution(),
      peakConcurrency: peakConcurrency(sent, ended),
      sloMet: slo === null ? null : this.#sloMet,
      goodput: slo === null ? null : perSecond(this.#sloMet),
      qualityMet: slo === null ? null : this.#qualityMet,
      qualityGoodput: slo === null ? null : perSecond(this.#qualityMet),
      knee: false,
    }
  }
}
