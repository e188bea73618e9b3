import type { IncomingHttpHeaders } from 'node:http'
import type { RequestCounts, TestServerStats } from './types.ts'

const MINUTE_MS = 60_000

/** The server's counters: requests, concurrency, rates per rolling minute, tokens, the key headers seen. */
export interface StatsRecorder {
  /** A request arrived; returns the function to call once it is over. */
  request(headers: IncomingHttpHeaders): () => void
  completion(): void
  /** A TCP connection was opened. */
  connection(): void
  /** A request came on a connection that had carried one before. */
  reused(): void
  tokens(count: number): void
  /** The counters but the server's slots (`maxConcurrent`), which the server adds. */
  /** The request counters alone: constant time (`snapshot` goes over every request and token event so far). */
  counts(): RequestCounts
  snapshot(): Omit<TestServerStats, 'serving' | 'maxServing' | 'queued' | 'maxQueued'>
  reset(): void
}

export function createStats(): StatsRecorder {
  let epoch = performance.now()
  let requests = 0
  let completions = 0
  let inFlight = 0
  let maxInFlight = 0
  let requestTimes: number[] = []
  let tokenEvents: { at: number; count: number }[] = []
  let tokensServed = 0
  let connections = 0
  let reusedConnections = 0
  let authorization = new Set<string>()
  let apiKeys = new Set<string>()
  const now = (): number => performance.now() - epoch

  return {
    request(headers) {
      requests++
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      requestTimes.push(now())
      if (typeof headers.authorization === 'string') authorization.add(headers.authorization)
      const key = headers['x-api-key']
      if (typeof key === 'string') apiKeys.add(key)
      let over = false
      return () => {
        if (over) return
        over = true
        inFlight--
      }
    },
    completion() {
      completions++
    },
    connection() {
      connections++
    },
    reused() {
      reusedConnections++
    },
    tokens(count) {
      if (count <= 0) return
      tokensServed += count
      tokenEvents.push({ at: now(), count })
    },
    counts() {
      return { requests, inFlight, maxInFlight }
    },
    snapshot() {
      return {
        requests,
        completions,
        inFlight,
        maxInFlight,
        maxRequestsPerMinute: maxInWindow(requestTimes.map((at) => ({ at, count: 1 }))),
        requestTimesMs: [...requestTimes],
        requestsPerSecond: perSecond(requestTimes),
        tokensServed,
        connections,
        reusedConnections,
        maxTokensPerMinute: maxInWindow(tokenEvents),
        authorization: [...authorization],
        apiKeys: [...apiKeys],
      }
    },
    reset() {
      epoch = performance.now()
      requests = 0
      completions = 0
      maxInFlight = inFlight
      requestTimes = []
      tokenEvents = []
      tokensServed = 0
      connections = 0
      reusedConnections = 0
      authorization = new Set()
      apiKeys = new Set()
    },
  }
}

/** The largest sum of counts within any window of 60 s (events in time order). */
export function maxInWindow(events: readonly { at: number; count: number }[], windowMs = MINUTE_MS): number {
  let best = 0
  let sum = 0
  let start = 0
  for (const event of events) {
    sum += event.count
    while (event.at - (events[start]?.at ?? event.at) >= windowMs) sum -= events[start++]?.count ?? 0
    best = Math.max(best, sum)
  }
  return best
}

function perSecond(times: readonly number[]): number[] {
  const out: number[] = []
  for (const at of times) {
    const second = Math.floor(at / 1000)
    while (out.length <= second) out.push(0)
    out[second] = (out[second] ?? 0) + 1
  }
  return out
}
