import { fork } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { localLimiter, remoteLimiter, type Limiter } from '../../src/providers/limits/limit-client.ts'
import { startLimitServer, type LimitServer } from '../../src/providers/limits/limit-server.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const one = { concurrency: 1, tokens: 0 }

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
  const lease = await limiter.acquire('shared', { concurrency: 2, tokens: 0 })
  process.send?.('in')
  await new Promise((r) => setTimeout(r, 5))
  process.send?.('out')
  lease.release()
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
    expect(server.limiter.stats('shared')).toMatchObject({ active: 0, waiting: 0, limit: 2, granted: 30 })
  })

  test('a client that dies gives its slots back', async () => {
    server = await startLimitServer()
    const dir = mkdtempSync(join(tmpdir(), 'limit-'))
    const client = join(dir, 'holder.ts')
    writeFileSync(
      client,
      `import { remoteLimiter } from ${JSON.stringify(new URL('../../src/providers/limits/limit-client.ts', import.meta.url).pathname)}
const limiter = remoteLimiter(process.argv[2])
await limiter.acquire('k', { concurrency: 1, tokens: 0 })
void limiter.acquire('k', { concurrency: 1, tokens: 0 })
process.send?.('held')
setInterval(() => {}, 1000)
`,
    )
    const child = fork(client, [server.address], { execArgv: [] })
    await new Promise((r) => child.once('message', r))
    await sleep(20)
    expect(server.limiter.stats('k')).toMatchObject({ active: 1, waiting: 1 })
    child.kill('SIGKILL')
    const limiter = remoteLimiter(server.address)
    const lease = await limiter.acquire('k', { concurrency: 1, tokens: 0 })
    // the dead client's slot came back and its waiting acquire was dropped, not granted
    expect(server.limiter.stats('k')).toMatchObject({ active: 1, waiting: 0, granted: 2 })
    lease.release()
  })

  test('a cancelled wait frees its place', async () => {
    server = await startLimitServer()
    const limiter = remoteLimiter(server.address)
    const first = await limiter.acquire('c', one)
    const controller = new AbortController()
    const second = limiter.acquire('c', one, controller.signal)
    await sleep(20)
    controller.abort(new Error('test timed out'))
    await expect(second).rejects.toThrow('test timed out')
    first.release()
    const third = await limiter.acquire('c', one)
    third.release()
    await sleep(20)
    expect(server.limiter.stats('c')).toMatchObject({ active: 0, waiting: 0 })
  })

  test('rpm, tpm and the release outcome travel over the socket: estimates, corrections, 429s', async () => {
    server = await startLimitServer({ windowMs: 10_000 })
    const limiter = remoteLimiter(server.address)
    const limits = { concurrency: 4, rpm: 3, tpm: 1000, tokens: 300 }
    const a = await limiter.acquire('w', limits)
    const b = await limiter.acquire('w', limits)
    expect(server.limiter.stats('w')).toMatchObject({ windowRequests: 2, windowTokens: 600, active: 2 })
    a.release({ tokens: 50 })
    b.release({ rateLimited: true, tokens: 0 })
    await sleep(20)
    expect(server.limiter.stats('w')).toMatchObject({ windowTokens: 50, active: 0, rateLimited: 1, decreases: 1, effective: 2 })
    await limiter.acquire('w', limits)
    // the 4th request of the window waits: rpm 3
    const fourth = limiter.acquire('w', limits)
    const late = await Promise.race([fourth.then(() => 'granted'), sleep(50).then(() => 'waiting')])
    expect(late).toBe('waiting')
    expect(server.limiter.stats('w').waiting).toBe(1)
  })

  test('a bad limit sent by a client is an error for that acquire only', async () => {
    server = await startLimitServer()
    const limiter = remoteLimiter(server.address)
    await expect(limiter.acquire('bad', { concurrency: 0, tokens: 0 })).rejects.toThrow(/positive integer/)
    const lease = await limiter.acquire('good', one)
    lease.release()
  })

  test('the stats of every key are written to the stats file when the server closes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'limit-')), 'stats.json')
    const own = await startLimitServer({ statsFile: file })
    const lease = await remoteLimiter(own.address).acquire('s', { concurrency: 3, tokens: 0 })
    lease.release({ rateLimited: true })
    await sleep(20)
    await own.close()
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ s: { limit: 3, effective: 1, minEffective: 1, granted: 1, rateLimited: 1 } })
  })

  test('the in-process limiter follows the same rules as the server (same grants, same order)', async () => {
    server = await startLimitServer({ windowMs: 120 })
    const scenario = async (limiter: Limiter): Promise<string[]> => {
      const events: string[] = []
      const started = performance.now()
      await Promise.all(
        Array.from({ length: 6 }, async (_, i) => {
          const lease = await limiter.acquire('eq', { concurrency: 2, rpm: 3, tokens: 1 })
          events.push(`${i}@${Math.floor((performance.now() - started) / 120)}`)
          await sleep(5)
          lease.release({ rateLimited: i === 0 })
        }),
      )
      return events
    }
    const local = await scenario(localLimiter(120))
    const remote = await scenario(remoteLimiter(server.address))
    expect(remote).toEqual(local)
    expect(local).toEqual(['0@0', '1@0', '2@0', '3@1', '4@1', '5@1'])
  })
})
