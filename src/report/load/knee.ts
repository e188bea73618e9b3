import type { LoadMeasurement } from './schema.ts'

/**
 * The knee rule (docs/load.md): levels in load order (see `loadOrder`), the knee is the first level
 * L whose next level L' shows any of
 * 1. throughput stops rising: request throughput at L' rose by less than half as much as the load
 *    did (+100% concurrency or rate giving under +50% requests/s); where the load has no number
 *    (next to a sweep's `throughput`) by less than 10%;
 * 2. quality goodput falls (with `slo`; a request without matchers passes): below 90% of L's;
 * 3. latency climbs sharply: E2E p95 at L' more than twice L's;
 * 4. errors appear: the error rate at L' more than 5 points above L's.
 * No level shows one: no knee (throughput still rising at the highest load).
 */
export const KNEE_THROUGHPUT_SHARE = 0.5
export const KNEE_FLAT_GAIN = 0.1
export const KNEE_GOODPUT_DROP = 0.9
export const KNEE_LATENCY_FACTOR = 2
export const KNEE_ERROR_RISE = 0.05

export interface KneeFinding {
  /** Index into the ordered levels, or null. */
  index: number | null
  reason: string
}

/**
 * The levels in load order and the number their load is compared by: by concurrency when every level
 * is a concurrency level (`synchronous` is 1, `throughput` its maximum); otherwise (rates, or a
 * GuideLLM sweep) `synchronous` first, the rate levels by rate, `throughput` last, compared by rate
 * (synchronous by the rate it measured, as the sweep does; throughput by none).
 */
export function loadOrder(levels: readonly LoadMeasurement[]): { ordered: LoadMeasurement[]; loadOf: (m: LoadMeasurement) => number | null } {
  const byIndex = (a: LoadMeasurement, b: LoadMeasurement): number => a.measurement - b.measurement
  if (levels.every((m) => m.concurrency !== null && m.kind !== 'rate')) {
    return { ordered: [...levels].sort((a, b) => (a.concurrency ?? 0) - (b.concurrency ?? 0) || byIndex(a, b)), loadOf: (m) => m.concurrency }
  }
  const rank = (m: LoadMeasurement): number => (m.kind === 'synchronous' ? 0 : m.kind === 'rate' ? 1 : m.kind === 'throughput' ? 2 : 3)
  const ordered = [...levels].sort((a, b) => rank(a) - rank(b) || (a.ratePerS ?? 0) - (b.ratePerS ?? 0) || byIndex(a, b))
  return { ordered, loadOf: (m) => (m.kind === 'rate' ? m.ratePerS : m.kind === 'synchronous' ? m.requestsPerSecond : null) }
}

/** The knee of one provider's levels, ordered by `loadOrder`. */
export function findKnee(ordered: readonly LoadMeasurement[], loadOf: (m: LoadMeasurement) => number | null): KneeFinding {
  const levels = ordered.filter((m) => m.requestsPerSecond !== null && m.requestsPerSecond > 0)
  if (levels.length < 2) return { index: null, reason: `${levels.length === 0 ? 'no load level' : 'one load level'} with a measured throughput: no curve to bend` }
  for (let i = 0; i + 1 < levels.length; i++) {
    const at = levels[i] as LoadMeasurement
    const next = levels[i + 1] as LoadMeasurement
    const why = bend(at, next, loadOf)
    if (why !== null) return { index: ordered.indexOf(at), reason: `${why} from ${at.label} to ${next.label}` }
  }
  const last = levels[levels.length - 1] as LoadMeasurement
  return { index: null, reason: `no knee: throughput still rising at the highest load (${last.label})` }
}

function bend(at: LoadMeasurement, next: LoadMeasurement, loadOf: (m: LoadMeasurement) => number | null): string | null {
  const thrGain = (next.requestsPerSecond as number) / (at.requestsPerSecond as number) - 1
  const x = loadOf(at)
  const xNext = loadOf(next)
  const loadGain = x !== null && xNext !== null && x > 0 ? xNext / x - 1 : null
  if (loadGain !== null ? thrGain < KNEE_THROUGHPUT_SHARE * loadGain : thrGain < KNEE_FLAT_GAIN) {
    return `throughput stops rising (${signed(thrGain)} requests/s${loadGain !== null ? ` for ${signed(loadGain)} load` : ''})`
  }
  const g = at.qualityGoodput
  const gNext = next.qualityGoodput
  if (g !== null && gNext !== null && g > 0 && gNext < KNEE_GOODPUT_DROP * g) return `quality goodput falls (${signed(gNext / g - 1)})`
  const e = at.e2eMs.p95
  const eNext = next.e2eMs.p95
  if (e !== null && eNext !== null && e > 0 && eNext > KNEE_LATENCY_FACTOR * e) return `latency climbs (E2E p95 ×${(eNext / e).toFixed(1)})`
  if ((next.errorRate ?? 0) > (at.errorRate ?? 0) + KNEE_ERROR_RISE) return `errors rise (${pct(at.errorRate ?? 0)} → ${pct(next.errorRate ?? 0)})`
  return null
}

function signed(fraction: number): string {
  const text = `${(fraction * 100).toFixed(0)}%`
  return fraction >= 0 ? `+${text}` : text
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`
}
