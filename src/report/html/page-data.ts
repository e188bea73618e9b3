import { clientHealthLine } from '../../metrics/client-health/summarize.ts'
import type { CaseRecord } from '../../record/schema.ts'
import type { Breakdown, CaseSpread as ResultSpread, RunResults } from '../results-schema.ts'
import { matrixOfResults } from '../matrix/of-results.ts'
import { ParetoBuilder } from '../matrix/pareto.ts'
import { CaseContexts, type PreloadedTexts } from './case-context.ts'
import { pageGates } from './gate-texts.ts'
import { itlSummary } from './itl-summary.ts'
import { judgeUseOf } from './judge-usage.ts'
import type { CaseIndex, CaseSpread, MatrixCell, PageBreakdown, PageCase, PageData, PageTimings } from './page-model.ts'
import { StringTable } from './string-table.ts'
import { pageSystem } from './timeline.ts'

/** The page's data from a run's results; linear in the number of records. */
export function buildPageData(results: RunResults, records: () => Iterable<CaseRecord> = () => results.cases): PageData {
  const builder = new PageCaseBuilder(results)
  const cases: PageCase[] = []
  for (const r of records()) cases.push(builder.add(r))
  return pageData(results, builder, cases)
}

/** Makes each record a page case; keeps the names it interned and the judges it saw for the page's data. */
export class PageCaseBuilder {
  readonly strings = new StringTable()
  readonly judges = new Set<string>()
  readonly spreads: CaseSpread[]
  readonly #spreadIndex: Map<string, number>
  /** The cost / quality / latency chart's points, a record at a time. */
  readonly pareto = new ParetoBuilder()
  readonly #contexts: CaseContexts

  /** `texts`: the dataset files' case texts read ahead (see case-context-preload.ts). */
  constructor(results: RunResults, texts?: PreloadedTexts) {
    this.#contexts = new CaseContexts(texts)
    const { spreads, spreadIndex } = pageSpreads(results.caseSpread ?? [])
    this.spreads = spreads
    this.#spreadIndex = spreadIndex
  }

  add(r: CaseRecord): PageCase {
    this.pareto.add(r)
    const c = pageCase(r, this.strings, this.judges, this.#spreadIndex.get(spreadKey(r)))
    if (r.variant !== undefined) c.variantIx = this.strings.ix(r.variant)
    const context = this.#contexts.of(r.datasetFile, r.caseId)
    if (context) c.context = context
    return c
  }
}

/** The page's data around its cases (every page case made by `builder` before this is called). */
export function pageData(results: RunResults, builder: PageCaseBuilder, cases: PageCase[], caseIndex?: CaseIndex): PageData {
  const providers = results.byProvider.map((b) => breakdown(b.provider, b.model, b))
  const judge = results.summary.judge
  const { comparison } = matrixOfResults(results)
  const pareto = builder.pareto.result()
  return {
    version: 1,
    run: { runId: results.runId, project: results.project, mode: results.mode, reason: results.reason, startedAt: results.startedAt, endedAt: results.endedAt },
    summary: results.summary,
    providers,
    models: results.byModel.length !== providers.length ? results.byModel.map((b) => breakdown(b.model, b.providers?.join(', '), b)) : [],
    datasets: results.byDataset.map((b) => breakdown(b.dataset, undefined, b)),
    categories: results.byCategory.map((b) => breakdown(b.category, undefined, b)),
    matrix: results.byDatasetProvider.map(matrixCell),
    datasetFailures: results.datasetFailures,
    judge: judge && judge.evaluations > 0 ? { ...judge, judges: [...builder.judges].sort() } : null,
    system: results.system ? pageSystem(results.system, results.startedAt) : null,
    ...(results.clientHealth ? { clientHealth: { line: clientHealthLine(results.clientHealth), clientBound: results.clientHealth.clientBound } } : {}),
    gates: results.gates ? pageGates(results.gates) : null,
    ...(results.load ? { load: results.load } : {}),
    strings: builder.strings.strings,
    cases,
    ...(caseIndex ? { caseIndex } : {}),
    spreads: builder.spreads,
    ...(comparison.length > 1 ? { comparison } : {}),
    ...(pareto.length > 1 ? { pareto } : {}),
  }
}

function breakdown(label: string | undefined, detail: string | undefined, b: Breakdown): PageBreakdown {
  const out: PageBreakdown = { label: label ?? '', stats: b.stats }
  if (detail) out.detail = detail
  return out
}

function matrixCell(b: Breakdown): MatrixCell {
  const s = b.stats
  return { dataset: b.dataset ?? '', provider: b.provider ?? '', passRate: s.passRate, passed: s.passed, ran: s.passed + s.failed + s.errored + s.timedOut }
}

const spreadKey = (r: { dataset: string; caseId: string; provider: string }): string => `${r.dataset}\0${r.caseId}\0${r.provider}`

/** Bench mode's per-case spread without the names the cases carry anyway, and where each case finds its own. */
function pageSpreads(all: readonly ResultSpread[]): { spreads: CaseSpread[]; spreadIndex: Map<string, number> } {
  const spreadIndex = new Map<string, number>()
  const spreads = all.map((s, i): CaseSpread => {
    spreadIndex.set(spreadKey(s), i)
    return { samples: s.samples, passed: s.passed, e2eMs: s.e2eMs, ttftMs: s.ttftMs, e2eCv: s.e2eCv }
  })
  return { spreads, spreadIndex }
}

function pageCase(r: CaseRecord, strings: StringTable, judges: Set<string>, spreadIx: number | undefined): PageCase {
  const c: PageCase = {
    datasetIx: strings.ix(r.dataset),
    caseId: r.caseId,
    categoryIx: r.category === null ? -1 : strings.ix(r.category),
    providerIx: strings.ix(r.provider),
    modelIx: strings.ix(r.model),
    status: r.status,
    prompt: r.prompt,
    output: r.output,
    usage: { input: r.usage.inputTokens, output: r.usage.outputTokens, source: r.usage.source },
    cost: r.cost,
    attempts: r.attempts,
    retries: r.retries,
    score: meanScore(r),
    evaluations: r.evaluations.map((e) => [strings.ix(e.name), e.pass, e.score, e.threshold, e.reason]),
    startedAt: Date.parse(r.startedAt),
    endedAt: Date.parse(r.endedAt),
    requestHash: r.requestHash,
  }
  const judge = judgeUseOf(r, judges)
  if (r.finishReason !== null) c.finishReason = r.finishReason
  if (r.error) c.error = { classIx: strings.ix(r.error.class), message: r.error.message }
  if (r.attemptErrors && r.attemptErrors.length > 0) c.attemptErrors = r.attemptErrors.map(({ class: cls, ...rest }) => ({ ...rest, classIx: strings.ix(cls) }))
  if (r.calls && r.calls.length > 0) {
    c.calls = r.calls.map((call) => ({
      providerIx: strings.ix(call.provider),
      modelIx: strings.ix(call.model),
      input: call.usage.inputTokens,
      output: call.usage.outputTokens,
      cost: call.cost,
      e2eMs: call.timings?.e2eMs ?? null,
      cached: call.cached,
      ...(call.error ? { error: `[${call.error.class}] ${call.error.message}` } : {}),
    }))
  }
  if (r.usage.cacheReadTokens !== undefined) c.usage.cacheRead = r.usage.cacheReadTokens
  if (r.usage.cacheWriteTokens !== undefined) c.usage.cacheWrite = r.usage.cacheWriteTokens
  if (r.costNote !== undefined) c.costNote = r.costNote
  if (r.timings) c.timings = pageTimings(r.timings)
  if (r.serverTimings) c.serverTimings = r.serverTimings
  if (r.cached) c.cached = true
  if (r.replayed) c.replayed = true
  if (r.resumed) c.resumed = true
  if (judge) c.judge = judge
  if (r.sample !== null) c.sample = r.sample
  if (spreadIx !== undefined) c.spreadIx = spreadIx
  return c
}

function pageTimings(t: NonNullable<CaseRecord['timings']>): PageTimings {
  return {
    queueMs: t.queueMs,
    ttftMs: t.ttftMs,
    e2eMs: t.e2eMs,
    tpotMs: t.tpotMs,
    streamed: t.streamed,
    itl: t.itlMs.length > 0 ? itlSummary(t.itlMs) : null,
  }
}

function meanScore(r: CaseRecord): number | null {
  if (r.evaluations.length === 0) return null
  let total = 0
  for (const e of r.evaluations) total += e.score
  return total / r.evaluations.length
}
