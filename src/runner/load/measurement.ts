import type { TestContext } from 'vitest'
import type { LoadProfile } from '../../config/load-profile.ts'
import type { CaseRecord, LoadPoint } from '../../record/schema.ts'
import { arrivalTimesMs } from './arrivals.ts'
import { ConcurrencyGate } from './gate.ts'
import type { Level } from './plan.ts'
import { StopConditions } from './stop.ts'

/** How long a measurement waits after its first request for the rest of its tests to start (then it begins without them: filtered out). */
const SETTLE_MS = 50

export interface MeasurementSetup {
  profile: LoadProfile
  /** Requests the measurement sends on this provider: its cases × `bench.iterations`. */
  requests: number
  /** Before the measurement begins: the warm-up (once per provider) and, for a sweep rate, the level from the earlier measurements. */
  prepare: (ctx: TestContext) => Promise<Level | null>
}

/** What one request of a measurement gave: its record with `load`, or why it was not sent. */
export type Sent = { record: CaseRecord } | { notSent: string }

/**
 * One measurement on one provider. Its requests are numbered in the order the dataset's cases
 * cycle (pass after pass). It begins once every one of its tests has asked to send (or
 * `SETTLE_MS` after the first), then each request is sent when its level allows: a free slot
 * of the level's concurrency (concurrency, synchronous, throughput), or its scheduled time
 * (rate). A request sent later than it was due (the provider's own limit, a busy event loop)
 * counts the difference as queue time.
 */
export class ProviderMeasurement {
  private begun: Promise<Running | null> | undefined
  private arrived = 0
  private settle: (() => void) | undefined
  private running: Running | null = null
  private readonly stop: StopConditions
  private readonly setup: MeasurementSetup

  constructor(setup: MeasurementSetup) {
    this.setup = setup
    this.stop = new StopConditions(setup.profile)
  }

  /** Sends request `index` (0-based in cycling order) through `call` when the level allows. */
  async send(ctx: TestContext, index: number, call: () => Promise<CaseRecord>): Promise<Sent> {
    const running = await this.begin(ctx)
    if (!running) return { notSent: this.stop.describe() }
    const due = running.dueAt(index)
    const allowed = due === null ? await running.gate.acquire(index) : await running.until(due)
    if (!allowed || !this.stop.maySend(performance.now() - running.startedAt)) {
      if (due === null && allowed) running.gate.release()
      if (this.stop.reason !== null) running.close()
      return { notSent: this.stop.describe() }
    }
    const lateMs = due === null ? 0 : Math.max(0, performance.now() - due)
    let record: CaseRecord
    try {
      record = await call()
    } finally {
      if (due === null) running.gate.release()
    }
    running.lastEndedAt = performance.now()
    if (record.status === 'passed' || record.status === 'failed') running.succeeded++
    if (this.stop.requestEnded(record.error !== null)) running.close()
    const scheduledMs = running.scheduledMs(index)
    const load: LoadPoint = { ...running.level, scheduledMs }
    const timings = record.timings && lateMs > 0 ? { ...record.timings, queueMs: record.timings.queueMs + lateMs } : record.timings
    return { record: { ...record, timings, load } }
  }

  /** Request throughput of the measurement (successful requests per second from its start to its last end); null before it ran. */
  measuredRatePerS(): number | null {
    const r = this.running
    if (!r || r.succeeded === 0 || r.lastEndedAt <= r.startedAt) return null
    return (r.succeeded * 1000) / (r.lastEndedAt - r.startedAt)
  }

  private begin(ctx: TestContext): Promise<Running | null> {
    this.arrived++
    if (this.arrived >= this.setup.requests) this.settle?.()
    this.begun ??= this.start(ctx)
    return this.begun
  }

  private async start(ctx: TestContext): Promise<Running | null> {
    const settled = new Promise<void>((resolve) => {
      this.settle = resolve
      setTimeout(resolve, SETTLE_MS)
      if (this.arrived >= this.setup.requests) resolve()
    })
    const [level] = await Promise.all([this.setup.prepare(ctx), settled])
    if (!level) {
      this.stop.reason = 'no measured rate'
      return null
    }
    this.running = new Running(level, this.setup)
    return this.running
  }
}

/** A measurement once it began: its level, start, gate or schedule, and what ended. */
class Running {
  readonly startedAt = performance.now()
  readonly gate: ConcurrencyGate
  private readonly times: number[] | null
  private readonly stopped = new AbortController()
  private readonly deadline: NodeJS.Timeout | undefined
  readonly level: Level
  lastEndedAt = 0
  succeeded = 0

  constructor(level: Level, setup: MeasurementSetup) {
    this.level = level
    const { profile } = setup
    this.gate = new ConcurrencyGate(level.ratePerS === null ? level.concurrency : null, profile.rampUpMs, this.startedAt)
    this.times =
      level.ratePerS === null ? null : arrivalTimesMs({ count: setup.requests, ratePerS: level.ratePerS, arrivals: profile.arrivals ?? 'constant', seed: profile.seed, rampUpMs: profile.rampUpMs })
    // requests waiting for a slot or their time are let go when the duration is over
    if (profile.maxDurationMs !== undefined) {
      this.deadline = setTimeout(() => this.close(), profile.maxDurationMs)
      this.deadline.unref()
    }
  }

  /** When request `index` is due (`performance.now()` clock), null in closed-loop levels. */
  dueAt(index: number): number | null {
    const at = this.times?.[index]
    return at === undefined ? null : this.startedAt + at
  }

  /** When request `index` was due, ms after the start (exactly the schedule's figure: the same seed, the same numbers); null in closed-loop levels. */
  scheduledMs(index: number): number | null {
    return this.times?.[index] ?? null
  }

  /** Waits until `at`; false when the measurement stopped first. */
  until(at: number): Promise<boolean> {
    if (this.stopped.signal.aborted) return Promise.resolve(false)
    return new Promise((resolve) => {
      const signal = this.stopped.signal
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onStop)
        resolve(true)
      }, Math.max(0, at - performance.now()))
      const onStop = (): void => {
        clearTimeout(timer)
        resolve(false)
      }
      signal.addEventListener('abort', onStop, { once: true })
    })
  }

  /** No more requests: waiting ones are let go unsent. */
  close(): void {
    clearTimeout(this.deadline)
    this.stopped.abort()
    this.gate.close()
  }
}
