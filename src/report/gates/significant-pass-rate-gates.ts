import { clamp, type Interval } from '../stats/interval.ts'
import { clusteredPassRate } from '../stats/clustered.ts'
import { passRateDropGate, type DropGateOutcome } from '../stats/drop-gate.ts'
import { tForConfidence, twoSidedTPValue } from '../stats/student-t.ts'
import { wilsonInterval } from '../stats/wilson.ts'
import type { CaseOutcome } from './case-outcomes.ts'
import { confidenceLevel, count, percent, pointsRange } from './format-values.ts'
import { skippedGate, withoutBaseline, type MissingBaseline } from './gate-result.ts'
import { formatPValue } from './p-value.ts'
import type { BaselineComparison, GateResult, PassRateChange } from './types.ts'

/** `gates.passRate` as resolved. */
export interface PassRateGateOptions {
  /** The largest drop in pass rate (0..1) allowed against the baseline. */
  maxDrop?: number | undefined
  /** The least pass rate (0..1) this run must be shown to meet. */
  minPassRate?: number | undefined
  /** Confidence of the intervals, e.g. 0.95. */
  confidence: number
  /** What an inconclusive result is: a warning (passes) or a failure. */
  inconclusive: 'warn' | 'fail'
}

/**
 * The confidence each of `groups` per dataset × provider tests is held at: Bonferroni,
 * 1 − (1 − confidence) / groups, so that with no change anywhere the chance that any
 * group's test alarms stays within 1 − confidence. The overall test keeps `confidence`.
 */
export function groupConfidence(confidence: number, groups: number): number {
  return groups <= 1 ? confidence : 1 - (1 - confidence) / groups
}

/**
 * gates.passRate.maxDrop, significance-aware, overall and per dataset × provider: for
 * each PassRateChange of the comparison, the interval of the change at the
 * confidence (groups: Bonferroni, see groupConfidence) decides (stats/drop-gate.ts):
 * FAILS when the drop is significant and its estimate beyond maxDrop; passes when
 * the interval rules out a drop beyond maxDrop; otherwise inconclusive: a warning,
 * or a failure with `inconclusive: 'fail'`.
 */
export function passRateDropGates(comparison: BaselineComparison | null, options: PassRateGateOptions & { maxDrop: number }, missing: MissingBaseline): GateResult[] {
  const gate = 'passRate.maxDrop'
  if (!comparison) return [withoutBaseline(gate, options.maxDrop, missing)]
  const changes = comparison.passRateChanges
  if (!changes) return [skippedGate(gate, options.maxDrop, 'the comparison has no pass-rate figures')]
  if (!changes.some((c) => c.dataset === null)) return [skippedGate(gate, options.maxDrop, `no case ran both on the baseline (${comparison.baselineFile}) and now`)]
  const groups = changes.length - 1
  return changes.map((c) => passRateDropResult(c, { ...options, confidence: c.dataset === null ? options.confidence : groupConfidence(options.confidence, groups) }))
}

/** One change held against maxDrop at `options.confidence`: what passRateDropGates returns per entry (the calibration runs it too). */
export function passRateDropResult(change: PassRateChange, options: PassRateGateOptions & { maxDrop: number }): GateResult {
  const { maxDrop, confidence } = options
  // Student's t with cases − 1 degrees of freedom (unpaired: the smaller side's), as stats/clustered.ts: z is too narrow with few cases
  const df = (change.paired ? change.cases : Math.min(change.cases, change.casesBefore)) - 1
  const t = tForConfidence(confidence, df)
  const interval: Interval = { estimate: change.change, lower: clamp(change.change - t * change.standardError, -1, 1), upper: clamp(change.change + t * change.standardError, -1, 1), confidence }
  const outcome: DropGateOutcome = passRateDropGate(interval, maxDrop)
  const pValue = twoSidedTPValue(change.change, change.standardError, df)
  const level = confidenceLevel(confidence)
  const allowed = `the allowed ${pointsNumber(maxDrop)}`
  const what = `${changeWords(interval, level)}`
  const basis = basisText(change)
  const p = formatPValue(pValue)
  let message: string
  if (outcome === 'fail') message = `${what}, more than ${allowed} — significant (${p}); ${basis}: see the newly failing cases`
  else if (outcome === 'pass') message = `${what}: a drop of more than ${allowed} is ruled out at ${level} (${p}); ${basis}`
  else {
    message = `inconclusive: ${what}: a drop of more than ${allowed} is neither shown nor ruled out at ${level} (${p}); ${basis}; more cases or repeats would tell`
    if (options.inconclusive === 'fail') message += ` (gates.passRate.inconclusive: 'fail')`
  }
  const passed = outcome === 'pass' || (outcome === 'inconclusive' && options.inconclusive === 'warn')
  return {
    gate: 'passRate.maxDrop',
    ...where(change),
    passed,
    ...(outcome === 'inconclusive' && passed ? { warning: true } : {}),
    limit: maxDrop,
    actual: -change.change,
    values: { before: change.before, after: change.after },
    interval: { ...interval, pValue, paired: change.paired, cases: change.cases },
    message,
  }
}

/**
 * gates.passRate.minPassRate, significance-aware, overall and per dataset × provider
 * (needs no baseline): this run's pass rate with its interval (Wilson when every case
 * ran once, clustered by case with repeats) FAILS when the whole interval lies below
 * the minimum, passes when it lies at or above it, and is inconclusive otherwise.
 */
export function passRateMinimumGates(outcomes: readonly CaseOutcome[], options: PassRateGateOptions & { minPassRate: number }): GateResult[] {
  const ran = outcomes.filter((o) => o.trials > 0)
  if (ran.length === 0) return [skippedGate('passRate.minPassRate', options.minPassRate, 'no case ran')]
  const groups = new Map<string, CaseOutcome[]>()
  for (const o of ran) {
    const key = JSON.stringify([o.dataset, o.provider])
    const list = groups.get(key)
    if (list) list.push(o)
    else groups.set(key, [o])
  }
  const out = [minimumResult(ran, options.confidence, options, null)]
  if (groups.size > 1) {
    const confidence = groupConfidence(options.confidence, groups.size)
    for (const list of groups.values()) out.push(minimumResult(list, confidence, options, list[0] as CaseOutcome))
  }
  return out
}

function minimumResult(cases: readonly CaseOutcome[], confidence: number, options: PassRateGateOptions & { minPassRate: number }, group: CaseOutcome | null): GateResult {
  const min = options.minPassRate
  const repeated = cases.some((o) => o.trials > 1)
  const interval: Interval = repeated
    ? clusteredPassRate(cases.map((o) => ({ id: o.caseId, passes: o.passes, trials: o.trials })), confidence)
    : wilsonInterval(cases.filter((o) => o.passes > 0).length, cases.length, confidence)
  const level = confidenceLevel(confidence)
  const rate = `pass rate ${percent(interval.estimate)} (${level} CI ${percent(interval.lower)}–${percent(interval.upper)}; ${count(cases.length, 'case')}${repeated ? ', mean over repeats' : ''})`
  const outcome = interval.upper < min ? 'fail' : interval.lower >= min ? 'pass' : 'inconclusive'
  let message: string
  if (outcome === 'fail') message = `${rate} is below the minimum ${percent(min)} — significantly: fix the failing cases or lower gates.passRate.minPassRate`
  else if (outcome === 'pass') message = `${rate} meets the minimum ${percent(min)} at ${level}`
  else {
    message = `inconclusive: ${rate} may be above or below the minimum ${percent(min)}; more cases or repeats would tell`
    if (options.inconclusive === 'fail') message += ` (gates.passRate.inconclusive: 'fail')`
  }
  const passed = outcome === 'pass' || (outcome === 'inconclusive' && options.inconclusive === 'warn')
  return {
    gate: 'passRate.minPassRate',
    ...(group ? { dataset: group.dataset, provider: group.provider } : {}),
    passed,
    ...(outcome === 'inconclusive' && passed ? { warning: true } : {}),
    limit: min,
    actual: interval.estimate,
    interval: { estimate: interval.estimate, lower: interval.lower, upper: interval.upper, confidence, cases: cases.length },
    message,
  }
}

function where(change: PassRateChange): { dataset?: string; provider?: string } {
  return change.dataset === null || change.provider === null ? {} : { dataset: change.dataset, provider: change.provider }
}

/** A rate as points without the word: 0.05 → `5`, 0.025 → `2.5`. */
function pointsNumber(value: number): string {
  return String(Number((value * 100).toFixed(2)))
}

/** `pass rate fell 8.0 points (95% CI 3.1–12.9)`, `pass rate rose 2.0 points (95% CI −1.0 to 5.0)` */
function changeWords(interval: Interval, level: string): string {
  const size = (Math.abs(interval.estimate) * 100).toFixed(1)
  const unit = size === '1.0' ? 'point' : 'points'
  if (size === '0.0') return `pass rate unchanged (${level} CI of the change ${pointsRange(interval.lower, interval.upper)} points)`
  if (interval.estimate < 0) return `pass rate fell ${size} ${unit} (${level} CI ${pointsRange(-interval.upper, -interval.lower)})`
  return `pass rate rose ${size} ${unit} (${level} CI ${pointsRange(interval.lower, interval.upper)})`
}

/** `paired on 200 cases with 3 repeats (81.0% → 73.0%)`, or why it is unpaired. */
function basisText(c: PassRateChange): string {
  const rates = `${percent(c.before)} → ${percent(c.after)}`
  const repeats = c.trials > 1 ? ` with up to ${c.trials} repeats` : ''
  if (c.paired) return `paired on ${count(c.cases, 'case')}${repeats} (${rates})`
  return `unpaired (${rates}; ${c.casesBefore} cases on the baseline, ${c.cases} now${repeats}): the baseline has no per-case pass counts; rewrite it with \`llm-test-bench baseline update\` to pair on the same cases`
}
