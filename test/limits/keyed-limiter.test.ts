import { describe, expect, test } from 'vitest'
import { KeyedLimiter } from '../../src/providers/limits/keyed-limiter.ts'
import type { Lease } from '../../src/providers/limits/types.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const c = (concurrency: number, extra: { rpm?: number; tpm?: number; tokens?: number } = {}) => ({ concurrency, tokens: 0, ...extra })
/** Resolves to true when `p` settled within `ms`. */
const settlesWithin = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => true), sleep(ms).then(() => false)])

describe('KeyedLimiter: concurrency and fairness', () => {
  test('never lets more than the limit through, and serves waiters in order', async () => {
    const limiter = new KeyedLimiter()
    let active = 0
    let most = 0
    const order: number[] = []
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const lease = await limiter.acquire('p', c(3))
        order.push(i)
        active++
        most = Math.max(most, active)
        await sleep(2)
        active--
        lease.release()
      }),
    )
    expect(most).toBe(3)
    expect(order).toEqual([...order].sort((a, b) => a - b))
  })

  test('keys are independent; an aborted waiter leaves the queue; a second release does nothing', async () => {
    const limiter = new KeyedLimiter()
    const a = await limiter.acquire('a', c(1))
    await limiter.acquire('b', c(1)) // another key: not blocked by a
    const controller = new AbortController()
    const waiting = limiter.acquire('a', c(1), controller.signal)
    expect(limiter.stats('a')).toMatchObject({ active: 1, waiting: 1, limit: 1, effective: 1 })
    controller.abort(new Error('cancelled'))
    await expect(waiting).rejects.toThrow('cancelled')
    expect(limiter.stats('a').waiting).toBe(0)
    a.release()
    a.release()
    expect(limiter.stats('a').active).toBe(0)
  })

  test('bad limits are clear errors', () => {
    const limiter = new KeyedLimiter()
    expect(() => limiter.acquire('x', c(0))).toThrow(/positive integer/)
    expect(() => limiter.acquire('x', c(1, { rpm: 0 }))).toThrow(/rpm for x must be positive/)
    expect(() => limiter.acquire('x', c(1, { tpm: -1 }))).toThrow(/tpm for x must be positive/)
    expect(() => limiter.acquire('x', c(1, { tokens: Number.NaN }))).toThrow(/tokens for x/)
  })
})

describe('KeyedLimiter: requests and tokens per window (a 150 ms window)', () => {
  const WINDOW = 150

  test('rpm 2: in any window at most 2 grants, and the third waits for the first to leave the window', async () => {
    const limiter = new KeyedLimiter({ windowMs: WINDOW })
    const started = performance.now()
    const grants: number[] = []
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        const lease = await limiter.acquire('r', c(10, { rpm: 2 }))
        grants.push(performance.now() - started)
        lease.release()
      }),
    )
    grants.sort((a, b) => a - b)
    for (let i = 0; i + 2 < grants.length; i++) expect(grants[i + 2]! - grants[i]!, JSON.stringify(grants)).toBeGreaterThanOrEqual(WINDOW - 2)
    expect(grants[5]!).toBeGreaterThanOrEqual(2 * WINDOW - 2)
    expect(limiter.stats('r').granted).toBe(6)
  })

  test('tpm: the estimate holds room until release corrects it; the queue stays FIFO (a small request waits behind a big one)', async () => {
    const limiter = new KeyedLimiter({ windowMs: 10_000 })
    const first = await limiter.acquire('t', c(10, { tpm: 100, tokens: 60 }))
    const order: string[] = []
    const second = limiter.acquire('t', c(10, { tpm: 100, tokens: 60 })).then((l) => (order.push('second'), l))
    const third = limiter.acquire('t', c(10, { tpm: 100, tokens: 30 })).then((l) => (order.push('third'), l))
    expect(await settlesWithin(third, 30)).toBe(false) // 60 + 30 would fit, but the 60 ahead of it does not
    expect(limiter.stats('t')).toMatchObject({ waiting: 2, windowTokens: 60 })
    first.release({ tokens: 10 }) // it really used 10: room for 60 + 30 now
    await Promise.all([second, third])
    expect(order).toEqual(['second', 'third'])
    expect(limiter.stats('t')).toMatchObject({ windowTokens: 100, windowRequests: 3, waiting: 0 })
  })

  test('a request bigger than tpm runs alone once the window is empty', async () => {
    const limiter = new KeyedLimiter({ windowMs: WINDOW })
    const small = await limiter.acquire('big', c(10, { tpm: 100, tokens: 10 }))
    small.release()
    const started = performance.now()
    const huge = await limiter.acquire('big', c(10, { tpm: 100, tokens: 1000 }))
    expect(performance.now() - started).toBeGreaterThanOrEqual(WINDOW - 20)
    huge.release()
    const after = limiter.acquire('big', c(10, { tpm: 100, tokens: 10 }))
    expect(await settlesWithin(after, 50)).toBe(false)
    ;(await after).release()
  })

  test('an aborted head of the queue lets the next one through', async () => {
    const limiter = new KeyedLimiter({ windowMs: 10_000 })
    await limiter.acquire('h', c(10, { tpm: 100, tokens: 50 }))
    const controller = new AbortController()
    const head = limiter.acquire('h', c(10, { tpm: 100, tokens: 80 }), controller.signal)
    const next = limiter.acquire('h', c(10, { tpm: 100, tokens: 40 }))
    expect(await settlesWithin(next, 20)).toBe(false)
    controller.abort(new Error('gone'))
    await expect(head).rejects.toThrow('gone')
    expect(await settlesWithin(next, 20)).toBe(true)
  })
})

describe('KeyedLimiter: adaptive concurrency', () => {
  test('a 429 halves the effective concurrency (once per round), and successes bring it back to the limit', async () => {
    const limiter = new KeyedLimiter()
    const leases: Lease[] = await Promise.all(Array.from({ length: 4 }, () => limiter.acquire('a', c(4))))
    leases[0]!.release({ rateLimited: true })
    leases[1]!.release({ rateLimited: true }) // the same congestion: no second decrease
    expect(limiter.stats('a')).toMatchObject({ effective: 2, minEffective: 2, decreases: 1, rateLimited: 2, active: 2 })
    const waiting = limiter.acquire('a', c(4))
    expect(await settlesWithin(waiting, 20)).toBe(false) // 2 in flight, 2 allowed
    leases[2]!.release({}) // a success: 2.5 allowed → 2; one in flight now, so the waiter goes
    const third = await waiting
    expect(limiter.stats('a')).toMatchObject({ effective: 2, active: 2 })
    leases[3]!.release({ tokens: 10 })
    third.release({})
    expect(limiter.stats('a').effective).toBe(3)
    for (let i = 0; i < 3; i++) (await limiter.acquire('a', c(4))).release({})
    expect(limiter.stats('a')).toMatchObject({ effective: 4, limit: 4, minEffective: 2, active: 0 })
  })

  test('a release without an outcome (a cancelled call, a worker gone) is neither a success nor a 429', async () => {
    const limiter = new KeyedLimiter()
    ;(await limiter.acquire('n', c(4))).release({ rateLimited: true })
    for (let i = 0; i < 10; i++) (await limiter.acquire('n', c(4))).release()
    expect(limiter.stats('n')).toMatchObject({ effective: 2, decreases: 1 })
  })

  test('concurrency never drops below 1', async () => {
    const limiter = new KeyedLimiter()
    for (let i = 0; i < 5; i++) (await limiter.acquire('one', c(2))).release({ rateLimited: true })
    expect(limiter.stats('one')).toMatchObject({ effective: 1, minEffective: 1, decreases: 5 })
    const lease = await limiter.acquire('one', c(2))
    lease.release()
  })
})
