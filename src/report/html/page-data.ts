import { summarize } from '../../metrics/percentile.ts'
import type { CaseRecord } from '../../record/schema.ts'
import type { Breakdown, RunResults } from '../run-results.ts'
import { caseSpreads } from './case-spread.ts'
import { judgeTotals, judgeUseOf } from './judge-usage.ts'
import type { JudgeUse, MatrixCell, PageBreakdown, PageCase, PageData, PageTimings } from './page-model.ts'
import { extrasOf } from './run-results-extras.ts'
import { StringTable } from './string-table.ts'
import { pageSystem } from './timeline.ts'

/** The page's data from a run's results; linear in the number of records. */
export function buildPageData(results: RunResults): PageData {
  const extras = extrasOf(results)
  const strings = new StringTable()
  const { spreads, spreadOf } = caseSpreads(results.cases)
  const judges = new Set<string>()
  const judgeUses: Array<JudgeUse | null> = []
  const cases = results.cases.map((r, i) => {
    const judge = judgeUseOf(r, judges)
    judgeUses.push(judge)
    return pageCase(r, strings, judge, spreadOf[i])
  })
  const providers = results.byProvider.map((b) => labelled(b, b.provider ?? ''))
  const models = extras.byModel.length > providers.length ? extras.byModel.map((b) => labelled(b, b.provider && b.model ? `${b.provider} · ${b.model}` : (b.model ?? ''))) : []
  return {
    version: 1,
    run: { runId: results.runId, project: results.project, mode: results.mode, reason: results.reason, startedAt: results.startedAt, endedAt: results.endedAt },
    summary: results.summary,
    providers,
    models,
    datasets: results.byDataset.map((b) => ({ label: b.dataset ?? '', stats: b.stats })),
    categories: results.byCategory.map((b) => ({ label: b.category ?? '', stats: b.stats })),
    matrix: results.byDatasetProvider.map(matrixCell),
    datasetFailures: results.datasetFailures,
    judge: judgeTotals(judgeUses, judges),
    system: extras.system ? pageSystem(extras.system, results.startedAt) : null,
    gates: extras.gates,
    strings: strings.strings,
    cases,
    spreads,
  }
}

/** A breakdown with the label the page shows. */
function labelled(b: Breakdown, label: string): PageBreakdown {
  const out: PageBreakdown = { label, stats: b.stats }
  if (b.provider !== undefined) out.provider = b.provider
  if (b.model !== undefined) out.model = b.model
  return out
}

function matrixCell(b: Breakdown): MatrixCell {
  const s = b.stats
  return { dataset: b.dataset ?? '', provider: b.provider ?? '', passRate: s.passRate, passed: s.passed, ran: s.passed + s.failed + s.errored + s.timedOut }
}

function pageCase(r: CaseRecord, strings: StringTable, judge: JudgeUse | null, spreadIx: number | undefined): PageCase {
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
  if (r.finishReason !== null) c.finishReason = r.finishReason
  if (r.error) c.error = { classIx: strings.ix(r.error.class), message: r.error.message }
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
  const itl = t.itlMs.length > 0 ? summarize(t.itlMs) : null
  return {
    queueMs: t.queueMs,
    ttftMs: t.ttftMs,
    e2eMs: t.e2eMs,
    tpotMs: t.tpotMs,
    streamed: t.streamed,
    itl: itl ? { count: itl.count, p50: itl.p50, p95: itl.p95, max: itl.max } : null,
  }
}

function meanScore(r: CaseRecord): number | null {
  if (r.evaluations.length === 0) return null
  let total = 0
  for (const e of r.evaluations) total += e.score
  return total / r.evaluations.length
}
