import type { LoadProfile } from '../../config/load-profile.ts'

/** Why a measurement stopped sending before its last request. */
export type StopReason = 'maxRequests' | 'maxDurationMs' | 'maxErrorRate' | 'no measured rate'

/**
 * A measurement's stop conditions on one provider: at most `maxRequests` sent, none sent after
 * `maxDurationMs`, none once the failed fraction of ended requests exceeds `maxErrorRate` (after
 * `errorRateMinRequests` ended).
 */
export class StopConditions {
  sent = 0
  ended = 0
  failed = 0
  reason: StopReason | null = null

  private readonly profile: Pick<LoadProfile, 'maxRequests' | 'maxDurationMs' | 'maxErrorRate' | 'errorRateMinRequests'>

  constructor(profile: Pick<LoadProfile, 'maxRequests' | 'maxDurationMs' | 'maxErrorRate' | 'errorRateMinRequests'>) {
    this.profile = profile
  }

  /** Whether one more request may be sent `elapsedMs` after the measurement began (counts it when so). */
  maySend(elapsedMs: number): boolean {
    if (this.reason !== null) return false
    const { maxRequests, maxDurationMs } = this.profile
    if (maxRequests !== undefined && this.sent >= maxRequests) this.reason = 'maxRequests'
    else if (maxDurationMs !== undefined && elapsedMs >= maxDurationMs) this.reason = 'maxDurationMs'
    if (this.reason !== null) return false
    this.sent++
    return true
  }

  /** A request ended; true when this makes the measurement stop. */
  requestEnded(failed: boolean): boolean {
    this.ended++
    if (failed) this.failed++
    const { maxErrorRate, errorRateMinRequests } = this.profile
    if (this.reason === null && maxErrorRate !== undefined && this.ended >= errorRateMinRequests && this.failed / this.ended > maxErrorRate) {
      this.reason = 'maxErrorRate'
      return true
    }
    return false
  }

  /** `maxRequests: 5`, `maxErrorRate: 0.2 (6 of 10 failed)`: what a test that sent nothing says. */
  describe(): string {
    switch (this.reason) {
      case 'maxRequests':
        return `maxRequests: ${this.profile.maxRequests} sent`
      case 'maxDurationMs':
        return `maxDurationMs: ${this.profile.maxDurationMs} ms passed`
      case 'maxErrorRate':
        return `maxErrorRate: ${this.profile.maxErrorRate} exceeded (${this.failed} of ${this.ended} failed)`
      case 'no measured rate':
        return 'the sweep measured no request rate (no request of the synchronous or throughput measurement succeeded)'
      default:
        return 'not stopped'
    }
  }
}
