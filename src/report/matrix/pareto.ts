import type { CaseRecord } from '../../record/schema.ts'
import { summarize } from '../../metrics/percentile.ts'
import { columnKey, columnLabel } from './build.ts'

/** A provider (× variant) on the cost / quality / latency chart. */
export interface ParetoPoint {
  label: string
  provider: string
  variant: string | null
  /** Passed / ran; null when no case ran. */
  passRate: number | null
  /** USD per 1,000 cases (records); null when any record's price is unknown (never counted as $0). */
  costPer1k: number | null
  /** Records without a known price. */
  unpriced: number
  /** E2E p95, ms; null without timings. */
  p95Ms: number | null
  /** Not dominated: no other point is at least as good on pass rate, cost and p95 and better on one. False for a point whose cost or p95 is unknown (it cannot be ranked). */
  front: boolean
}

/** Collects the chart's points a record at a time: per column, the pass count, the cost and the E2E times. */
export class ParetoBuilder {
  readonly #columns = new Map<string, { provider: string; variant: string | null; passes: number; trials: number; records: number; cost: number; unpriced: number; e2e: number[] }>()

  add(r: Pick<CaseRecord, 'provider' | 'variant' | 'status' | 'cost' | 'output' | 'timings'>): void {
    const key = columnKey(r)
    let c = this.#columns.get(key)
    if (!c) {
      c = { provider: r.provider, variant: r.variant ?? null, passes: 0, trials: 0, records: 0, cost: 0, unpriced: 0, e2e: [] }
      this.#columns.set(key, c)
    }
    if (r.status === 'skipped') return
    c.records++
    c.trials++
    if (r.status === 'passed') c.passes++
    if (r.cost !== null) c.cost += r.cost
    // a call that never answered has no price to know: only an answer without one is unpriced
    else if (r.output !== null) c.unpriced++
    if (r.timings) c.e2e.push(r.timings.e2eMs)
  }

  result(): ParetoPoint[] {
    const points = [...this.#columns.values()].map((c): ParetoPoint => ({
      label: columnLabel(c.provider, c.variant),
      provider: c.provider,
      variant: c.variant,
      passRate: c.trials > 0 ? c.passes / c.trials : null,
      costPer1k: c.records > 0 && c.unpriced === 0 ? (c.cost / c.records) * 1000 : null,
      unpriced: c.unpriced,
      p95Ms: summarize(c.e2e).p95,
      front: false,
    }))
    return markFront(points)
  }
}

/**
 * Marks the Pareto front: a point is on it when no other point is at least as
 * good on all three (higher pass rate, lower cost, lower p95) and strictly
 * better on one. Only points with every value known are ranked; the others
 * are never on the front and never push a point off it.
 */
export function markFront(points: readonly ParetoPoint[]): ParetoPoint[] {
  const ranked = points.filter(known)
  return points.map((p) => ({ ...p, front: known(p) && !ranked.some((q) => q !== p && dominates(q, p)) }))
}

function known(p: ParetoPoint): p is ParetoPoint & { passRate: number; costPer1k: number; p95Ms: number } {
  return p.passRate !== null && p.costPer1k !== null && p.p95Ms !== null
}

function dominates(a: ParetoPoint, b: ParetoPoint): boolean {
  const [ap, ac, al] = [a.passRate as number, a.costPer1k as number, a.p95Ms as number]
  const [bp, bc, bl] = [b.passRate as number, b.costPer1k as number, b.p95Ms as number]
  return ap >= bp && ac <= bc && al <= bl && (ap > bp || ac < bc || al < bl)
}
