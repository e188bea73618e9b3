import { millis, percent, usd } from '../gates/format-values.ts'
import { actualText, limitText } from '../gates/gate-values.ts'
import type { GateReport, GateResult } from '../gates/types.ts'
import type { PageGates } from './page-model.ts'

/** The gate report for the page, each gate's limit, measure and compared values written as the other reports write them. */
export function pageGates(report: GateReport): PageGates {
  return {
    baseline: report.baseline,
    baselineNote: report.baselineNote,
    passed: report.passed,
    gates: report.gates.map((g) => ({ ...g, limitText: limitText(g), actualText: actualText(g), valuesText: valuesText(g) })),
  }
}

/** `84.0% → 80.0%`, `1.20 s → 1.46 s`, `$0.0120 → $0.0150`; null when the gate compared no values. */
function valuesText(g: GateResult): string | null {
  if (!g.values) return null
  const unit = g.gate === 'maxP95LatencyIncrease' ? millis : g.gate === 'maxCostIncrease' ? usd : percent
  return `${unit(g.values.before)} → ${unit(g.values.after)}`
}
