import type { Arrivals } from '../../config/load-profile.ts'

/**
 * Deterministic arrival schedules of a rate level: request k is due `times[k]` ms after the
 * measurement starts. Inter-arrival gaps are drawn from a seeded generator (the same seed gives
 * the same schedule), then mapped through the ramp-up: the rate grows linearly from 0 to its
 * value over `rampUpMs`, so the expected arrivals by time t are Λ(t) = R·t²/(2·T) during the
 * ramp and R·(t − T/2) after it, and arrival k is at Λ⁻¹(u_k) where u_k is the k-th arrival of a
 * process of rate 1.
 */
export function arrivalTimesMs(input: { count: number; ratePerS: number; arrivals: Arrivals; seed: number; rampUpMs: number }): number[] {
  const gap = gapSampler(input.arrivals, seededRandom(input.seed))
  const perMs = input.ratePerS / 1000
  const times: number[] = []
  // the first request is due at once (at 0 without a ramp), as in vLLM and GuideLLM
  let unitTime = 0
  for (let k = 0; k < input.count; k++) {
    if (k > 0) unitTime += gap()
    times.push(inverseRamp(unitTime, perMs, input.rampUpMs))
  }
  return times
}

/** t such that Λ(t) = s (s in arrivals of the target rate), for a linear ramp over `rampMs`. */
function inverseRamp(s: number, perMs: number, rampMs: number): number {
  if (rampMs <= 0) return s / perMs
  const atRampEnd = (perMs * rampMs) / 2
  if (s < atRampEnd) return Math.sqrt((2 * s * rampMs) / perMs)
  return rampMs + (s - atRampEnd) / perMs
}

/** Gaps of a process with one arrival per unit of time on average. */
function gapSampler(arrivals: Arrivals, random: () => number): () => number {
  if (arrivals === 'constant') return () => 1
  if (arrivals === 'poisson') return () => exponential(random)
  const shape = arrivals.burstiness
  // gamma(shape, scale 1/shape): mean 1, coefficient of variation 1/√shape
  return () => gamma(shape, random) / shape
}

function exponential(random: () => number): number {
  return -Math.log(1 - random())
}

/** Marsaglia–Tsang gamma sampler (shape > 0, scale 1); shape < 1 through the boost u^(1/shape). */
function gamma(shape: number, random: () => number): number {
  if (shape < 1) return gamma(shape + 1, random) * Math.pow(1 - random(), 1 / shape)
  const d = shape - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  for (;;) {
    let x: number
    let v: number
    do {
      x = normal(random)
      v = 1 + c * x
    } while (v <= 0)
    v = v * v * v
    const u = 1 - random()
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v
  }
}

function normal(random: () => number): number {
  const u = 1 - random()
  const v = random()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
