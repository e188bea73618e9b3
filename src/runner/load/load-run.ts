import type { TestContext } from 'vitest'
import type { LoadProfile } from '../../config/load-profile.ts'
import type { ResolvedCase, ResolvedDataset } from '../../dataset/types.ts'
import type { ProviderSpec } from '../../providers/spec.ts'
import { redactValue } from '../../providers/redaction/registry.ts'
import { runCase } from '../run-case.ts'
import type { WorkerContext } from '../worker-context.ts'
import { ProviderMeasurement, type Sent } from './measurement.ts'
import { planMeasurements, rateLabel, sweepRate, type Level, type MeasurementPlan } from './plan.ts'

/**
 * A dataset's load profile in one worker: its measurements (one `describe` each, run in order),
 * each with one `ProviderMeasurement` per provider. A test (one case on one provider at one
 * level) sends its `bench.iterations` requests at once; each goes when the level allows.
 */
export interface LoadRun {
  plans: MeasurementPlan[]
  /** Sends a case's passes at one measurement on one provider; one result per pass, in pass order. */
  sendCase(ctx: TestContext, plan: MeasurementPlan, run: { testCase: ResolvedCase; spec: ProviderSpec; casesOf: (spec: ProviderSpec) => readonly ResolvedCase[] }): Promise<Sent[]>
}

export function createLoadRun(wc: WorkerContext, dataset: ResolvedDataset, profile: LoadProfile): LoadRun {
  const plans = planMeasurements(profile)
  const passes = wc.options.bench.iterations
  const measurements = new Map<string, ProviderMeasurement>()
  const warmups = new Map<string, Promise<void>>()

  const warmUp = (ctx: TestContext, spec: ProviderSpec, cases: readonly ResolvedCase[]): Promise<void> => {
    let done = warmups.get(spec.id)
    if (!done) {
      // not recorded (sample -1): opens the provider's connections and warms its caches, all at once
      const sends = Array.from({ length: profile.warmupRequests }, (_, i) => cases[i % cases.length] as ResolvedCase)
      done = Promise.all(sends.map((testCase) => runCase(ctx, wc, { dataset, testCase, spec, sample: -1, resumable: false }))).then(() => undefined)
      warmups.set(spec.id, done)
    }
    return done
  }

  const measurementOf = (plan: MeasurementPlan, spec: ProviderSpec, cases: readonly ResolvedCase[]): ProviderMeasurement => {
    const key = `${plan.index}\u0000${spec.id}`
    let m = measurements.get(key)
    if (!m) {
      const requests = cases.length * passes
      m = new ProviderMeasurement({
        profile,
        requests,
        prepare: async (ctx) => {
          await warmUp(ctx, spec, cases)
          return levelOf(plan, spec, requests, (index) => measurements.get(`${index}\u0000${spec.id}`)?.measuredRatePerS() ?? null)
        },
      })
      measurements.set(key, m)
    }
    return m
  }

  return {
    plans,
    async sendCase(ctx, plan, { testCase, spec, casesOf }) {
      const cases = casesOf(spec)
      const position = cases.indexOf(testCase)
      const m = measurementOf(plan, spec, cases)
      const sends = Array.from({ length: passes }, (_, pass) =>
        // request k of the measurement: the cases cycle, pass after pass
        m.send(ctx, pass * cases.length + position, async () => redactValue(await runCase(ctx, wc, { dataset, testCase, spec, sample: pass, resumable: false }))),
      )
      return Promise.all(sends)
    },
  }
}

/** The level a measurement runs at on one provider; a sweep rate from the earlier measurements' request rates (null: none measured). */
function levelOf(plan: MeasurementPlan, spec: ProviderSpec, requests: number, measured: (index: number) => number | null): Level | null {
  const base = { measurement: plan.index }
  switch (plan.kind) {
    case 'concurrency':
      return { ...base, label: plan.title, kind: 'concurrency', concurrency: plan.concurrency, ratePerS: null }
    case 'rate':
      return { ...base, label: plan.title, kind: 'rate', concurrency: null, ratePerS: plan.ratePerS }
    case 'synchronous':
      return { ...base, label: 'synchronous', kind: 'synchronous', concurrency: 1, ratePerS: null }
    case 'throughput':
      return { ...base, label: 'throughput', kind: 'throughput', concurrency: Math.max(1, Math.min(spec.concurrency, requests)), ratePerS: null }
    case 'sweep-rate': {
      const synchronous = measured(0)
      const throughput = measured(1)
      if (synchronous === null || throughput === null) return null
      const ratePerS = sweepRate(plan.position, plan.of, synchronous, throughput)
      return { ...base, label: rateLabel(ratePerS), kind: 'rate', concurrency: null, ratePerS }
    }
  }
}
