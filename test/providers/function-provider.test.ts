import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { isProviderError } from '../../src/providers/errors.ts'
import { createFunctionProvider } from '../../src/providers/function/function-provider.ts'
import { setUserModuleRoot } from '../../src/providers/function/import-module.ts'
import { addRunSecrets } from '../../src/providers/redaction/registry.ts'
import { parseProviderSpec } from '../../src/providers/spec.ts'
import { classifyError } from '../../src/runner/classify-error.ts'

/**
 * The function provider on its own, with real modules on disk (plain .mjs, imported by Node here;
 * through Vite in a run, see test/integration/function-provider.test.ts): what each return shape
 * becomes, and what a wrong one or a throw is said as.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'fn-provider-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const SECRET = 'fn-unit-secret-7a6b5c'
addRunSecrets({ providers: [], redact: [SECRET] })

function providerFor(source: string, exportName = 'default') {
  const file = `m${Math.random().toString(36).slice(2)}.mjs`
  writeFileSync(path.join(dir, file), source)
  setUserModuleRoot(dir)
  return createFunctionProvider(parseProviderSpec({ type: 'function', module: `./${file}`, export: exportName, id: 'fn' }) as Parameters<typeof createFunctionProvider>[0])
}

const request = {
  prompt: 'Hello',
  params: { max_tokens: 5 },
  case: { id: 'c1', vars: { hero: 'Lily' }, expected: 'hi', metadata: { tag: 'x' } },
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`)
  return error
}

describe('function provider', () => {
  test('receives the prompt, the case, the params and a signal; a string is the output', async () => {
    const p = providerFor(`export default (input) => JSON.stringify({ ...input, signal: input.signal instanceof AbortSignal })`)
    await p.ready?.()
    const r = await p.complete(request)
    expect(JSON.parse(r.output)).toEqual({ prompt: 'Hello', vars: { hero: 'Lily' }, expected: 'hi', metadata: { tag: 'x' }, caseId: 'c1', params: { max_tokens: 5 }, signal: true })
    expect(r).toMatchObject({ finishReason: 'stop', model: 'default', usage: { inputTokens: null, outputTokens: null, source: 'none' } })
    expect(r.timings.streamed).toBe(false)
  })

  test('an object: usage, model and cost kept; a chat case gets messages and no prompt', async () => {
    const p = providerFor(`export const run = async ({ prompt, messages }) => ({ output: String(prompt) + messages.length, usage: { inputTokens: 3, outputTokens: 4 }, model: 'm1', cost: 0.5 })`, 'run')
    const r = await p.complete({ messages: [{ role: 'user', content: 'a' }], params: {} })
    expect(r).toMatchObject({ output: 'undefined1', usage: { inputTokens: 3, outputTokens: 4, source: 'provider' }, model: 'm1', cost: 0.5 })
  })

  test('an async iterable of chunks is streamed: TTFT, ITL and TPOT per chunk', async () => {
    const p = providerFor(`export default async function* () { for (const c of ['a', 'b', 'c']) { await new Promise((r) => setTimeout(r, 30)); yield c } }`)
    const r = await p.complete(request)
    expect(r.output).toBe('abc')
    expect(r.timings.streamed).toBe(true)
    expect(r.timings.ttftMs!).toBeGreaterThanOrEqual(25)
    expect(r.timings.itlMs).toHaveLength(2)
    expect(r.timings.tpotMs).toBeCloseTo((r.timings.e2eMs - r.timings.ttftMs!) / 2, 6)
  })

  test('a throw is a function_error: message with the provider id, stack of the user code in the classification, redacted', async () => {
    const p = providerFor(`export default function () { throw new Error('bad ${SECRET}') }`)
    const error = await failure(p.complete(request))
    expect(error.errorClass).toBe('function_error')
    expect(error.message).toMatch(/^fn: bad .* \[function_error\]$/)
    const classified = classifyError(error, false, 1000)
    expect(classified).toMatchObject({ status: 'error', class: 'function_error' })
    expect(classified.stack).toMatch(/\.mjs:1/)
    expect(classified.stack).not.toContain(SECRET)
    expect(classified.message).not.toContain(SECRET)
  })

  test('a chunk that is not a string, a thrown non-Error, a wrong return, a bad cost, a missing export', async () => {
    expect((await failure(providerFor(`export default async function* () { yield 1 }`).complete(request))).message).toContain('a streamed chunk must be a string, got number 1')
    expect((await failure(providerFor(`export default () => { throw 'plain' }`).complete(request))).message).toBe('fn: plain [function_error]')
    const wrong = await failure(providerFor(`export default () => ({ text: 'x' })`).complete(request))
    expect(wrong.errorClass).toBe('malformed_response')
    expect(wrong.message).toContain(`got an object with keys ["text"]`)
    expect((await failure(providerFor(`export default () => ({ output: 'x', cost: -1 })`).complete(request))).message).toContain('its cost must be a number of USD (0 or more), got number -1')
    const missing = await failure(providerFor(`export const other = () => 'x'`, 'answer').ready!())
    expect(missing.errorClass).toBe('function_error')
    expect(missing.message).toMatch(/has no export "answer" that is a function or a defineProvider/)
  })
})
