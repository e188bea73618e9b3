/**
 * The in-worker limit of one measurement on one provider: at most `limit` requests in flight
 * (null: no limit of its own), the limit growing linearly from 1 to its value over `rampUpMs`
 * from the measurement's start. Waiting requests go in order of their index in the
 * measurement (cases cycle pass after pass), not in the order their tests happened to start.
 */
export class ConcurrencyGate {
  private inFlight = 0
  private waiting: { index: number; grant: (sent: boolean) => void }[] = []
  private timer: NodeJS.Timeout | undefined
  private closed = false

  private readonly limit: number | null
  private readonly rampUpMs: number
  private readonly startedAt: number

  constructor(limit: number | null, rampUpMs: number, startedAt: number) {
    this.limit = limit
    this.rampUpMs = rampUpMs
    this.startedAt = startedAt
  }

  /** Resolves true once the request may be sent, false when the gate closed first (the measurement stopped). */
  acquire(index: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false)
    return new Promise((grant) => {
      const at = this.waiting.findIndex((w) => w.index > index)
      this.waiting.splice(at === -1 ? this.waiting.length : at, 0, { index, grant })
      this.pump()
    })
  }

  release(): void {
    this.inFlight--
    this.pump()
  }

  /** No more grants: every waiting request is told it will not be sent. */
  close(): void {
    this.closed = true
    clearTimeout(this.timer)
    for (const w of this.waiting.splice(0)) w.grant(false)
  }

  /** How many may be in flight now (the ramp included). */
  allowed(now = performance.now()): number {
    if (this.limit === null) return Infinity
    if (this.rampUpMs <= 0) return this.limit
    const share = Math.min(1, Math.max(0, now - this.startedAt) / this.rampUpMs)
    return Math.max(1, Math.ceil(this.limit * share))
  }

  private pump(): void {
    const now = performance.now()
    const allowed = this.allowed(now)
    while (this.waiting.length > 0 && this.inFlight < allowed) {
      this.inFlight++
      this.waiting.shift()?.grant(true)
    }
    // during the ramp the allowance grows with time, not only as requests end
    if (this.waiting.length > 0 && this.limit !== null && allowed < this.limit && this.timer === undefined) {
      const next = this.startedAt + (allowed / this.limit) * this.rampUpMs
      this.timer = setTimeout(() => {
        this.timer = undefined
        this.pump()
      }, Math.max(1, next - now))
    }
  }
}
