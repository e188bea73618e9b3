import { fork } from 'node:child_process'
import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { remoteLimiter } from '../../src/providers/limits/limit-client.ts'
import { startLimitServer, type LimitServer } from '../../src/providers/limits/limit-server.ts'
import { KeyedSemaphore } from '../../src/providers/limits/semaphore.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('KeyedSemaphore', () => {
  test('never lets more than the limit through, and serves waiters in order', async () => {
    const sem = new KeyedSemaphore()
    let active = 0
    let most = 0
    const order: number[] = []
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const release = await sem.acquire('p', 3)
        order.push(i)
        active++
        most = Math.max(most, active)
        await sleep(2)
        active--
        release()
      }),
    )
    expect(most).toBe(3)
    expect(order).toEqual([...order].sort((a, b) => a - b))
  })

  test('keys are independent and an aborted waiter leaves the queue', async () => {
    const sem = new KeyedSemaphore()
    const a = await sem.acquire('a', 1)
    await sem.acquire('b', 1) // another key: not blocked by a
    const controller = new AbortController()
    const waiting = sem.acquire('a', 1, controller.signal)
    expect(sem.stats('a')).toEqual({ active: 1, waiting: 1, limit: 1 })
    controller.abort(new Error('cancelled'))
    await expect(waiting).rejects.toThrow('cancelled')
    expect(sem.stats('a').waiting).toBe(0)
    a()
    expect(sem.stats('a').active).toBe(0)
  })

  test('a bad limit is a clear error', () => {
    expect(() => new KeyedSemaphore().acquire('x', 0)).toThrow(/positive integer/)
  })
})

describe('limit server across processes', () => {
  let server: LimitServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  test('the limit holds across several client processes', async () => {
    server = await startLimitServer()
    const dir = mkdtempSync(join(tmpdir(), 'limit-'))
    const client = join(dir, 'client.ts')
    // each child process takes 10 slots of the same key, one after another, holding each 5 ms
    writeFileSync(
      client,
      `import { remoteLimiter } from ${JSON.stringify(new URL('../../src/providers/limits/limit-client.ts', import.meta.url).pathname)}
const limiter = remoteLimiter(process.argv[2])
await Promise.all(Array.from({ length: 10 }, async () => {
  const release = await limiter.acquire('shared', 2)
  process.send?.('in')
  await new Promise((r) => setTimeout(r, 5))
  process.send?.('out')
  release()
}))
process.exit(0)
`,
    )
    let active = 0
    let most = 0
    const children = Array.from({ length: 3 }, () => fork(client, [server?.address ?? ''], { execArgv: [] }))
    for (const child of children) {
      child.on('message', (m) => {
        active += m === 'in' ? 1 : -1
        most = Math.max(most, active)
      })
    }
    await Promise.all(children.map((c) => new Promise((r) => c.on('exit', r))))
    expect(most).toBeLessThanOrEqual(2)
    expect(most).toBe(2)
    expect(server.semaphore.stats('shared')).toEqual({ active: 0, waiting: 0, limit: 2 })
  })

  test('a client that dies gives its slots back', async () => {
    server = await startLimitServer()
    const dir = mkdtempSync(join(tmpdir(), 'limit-'))
    const client = join(dir, 'holder.ts')
    writeFileSync(
      client,
      `import { remoteLimiter } from ${JSON.stringify(new URL('../../src/providers/limits/limit-client.ts', import.meta.url).pathname)}
await remoteLimiter(process.argv[2]).acquire('k', 1)
process.send?.('held')
setInterval(() => {}, 1000)
`,
    )
    const child = fork(client, [server.address], { execArgv: [] })
    await new Promise((r) => child.once('message', r))
    expect(server.semaphore.stats('k').active).toBe(1)
    child.kill('SIGKILL')
    const limiter = remoteLimiter(server.address)
    const release = await limiter.acquire('k', 1)
    expect(server.semaphore.stats('k').active).toBe(1)
    release()
  })

  test('a cancelled wait frees its place', async () => {
    server = await startLimitServer()
    const limiter = remoteLimiter(server.address)
    const first = await limiter.acquire('c', 1)
    const controller = new AbortController()
    const second = limiter.acquire('c', 1, controller.signal)
    await sleep(20)
    controller.abort(new Error('test timed out'))
    await expect(second).rejects.toThrow('test timed out')
    first()
    const third = await limiter.acquire('c', 1)
    third()
    await sleep(20)
    expect(server.semaphore.stats('c')).toMatchObject({ active: 0, waiting: 0 })
  })
})
