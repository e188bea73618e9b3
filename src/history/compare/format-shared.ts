import { millis, percent, relative, usd } from '../../report/gates/format-values.ts'
import { MIN_VERDICT_CASES } from './verdicts.ts'
import type { CaseSide, ComparedRun, ProviderSide, RunComparison } from './schema.ts'

/** Characters of an output shown per side in the terminal and in Markdown. */
export const SHOWN_OUTPUT = 300
/** Changed cases listed per section before "and N more". */
export const LIST_LIMIT = 20

/** `run llm-… (commit abc1234 on main, dirty)` */
export function runWords(run: ComparedRun): string {
  const where = run.commit === null ? '' : ` (commit ${run.commit.slice(0, 12)}${run.branch ? ` on ${run.branch}` : ''})`
  return `${run.runId}${where}`
}

/** `passed`, or `2/5 passed` with trials. */
export function sideStatus(s: CaseSide): string {
  return s.trials > 1 ? `${s.passes}/${s.trials} passed` : s.status
}

/** `80.0% → 70.0%` */
export function rateChange(before: number | null, after: number | null): string {
  return `${percent(before)} → ${percent(after)}`
}

/** `E2E p50 100 ms → 120 ms (+20.0%), p95 …; TTFT …; cost $0.01 → $0.012 (+20.0%)`, each over measured records. */
export function providerNumbers(base: ProviderSide | null, current: ProviderSide | null): string {
  const pair = (pick: (s: ProviderSide) => number | null, format: (v: number | null) => string): string => {
    const a = base ? pick(base) : null
    const b = current ? pick(current) : null
    const change = a !== null && b !== null && a > 0 ? ` (${relative(b / a - 1)})` : ''
    return `${format(a)} → ${format(b)}${change}`
  }
  const measured = (base?.measured ?? 0) + (current?.measured ?? 0)
  if (measured === 0) return 'latency and cost: every record was replayed or cached on both sides (nothing measured)'
  const any = (pick: (s: ProviderSide) => number | null): boolean => (base !== null && pick(base) !== null) || (current !== null && pick(current) !== null)
  const parts = [
    ...(any((s) => s.e2eMs.p50) ? [`E2E p50 ${pair((s) => s.e2eMs.p50, millis)}, p95 ${pair((s) => s.e2eMs.p95, millis)}`] : []),
    ...(any((s) => s.ttftMs.p50) ? [`TTFT p50 ${pair((s) => s.ttftMs.p50, millis)}, p95 ${pair((s) => s.ttftMs.p95, millis)}`] : []),
    `cost ${pair((s) => s.cost, usd)}`,
  ]
  return parts.join('; ')
}

/** Counts for the headline. */
export function countsLine(c: RunComparison): string {
  return `${c.newlyFailing.length} newly failing, ${c.newlyPassing.length} newly passing, ${c.scoreChanges.length} score change${c.scoreChanges.length === 1 ? '' : 's'}, ${c.onlyInBase.length} only in the base run, ${c.onlyInCurrent.length} only in the current run`
}

/** `p = 0.031` */
export function pValue(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`
}

/** Any verdict of the comparison says regressed. */
export function regressed(c: RunComparison): boolean {
  return [c.verdict, ...c.providers.map((p) => p.verdict), ...c.matchers.map((m) => m.verdict)].some((v) => v?.verdict === 'regressed')
}

/** Why a verdict is missing. */
export function noVerdict(cases: number): string {
  return cases === 0 ? 'no paired case' : `too few paired cases for a verdict (${cases}, fewer than ${MIN_VERDICT_CASES})`
}
