import { describe, expect, test } from 'vitest'
import { defineProvider, isFunctionProviderDefinition } from '../../src/providers/function/define-provider.ts'
import { parseProviderSpec, ProviderSpecError } from '../../src/providers/spec.ts'
import { requestTarget } from '../../src/runner/build-request.ts'
import { functionModuleProblems } from '../../src/config/function-modules.ts'

describe('function provider specs', () => {
  test('defaults: id from module and export, one attempt (retries are opt-in), concurrency 8, model = the export', () => {
    const spec = parseProviderSpec({ type: 'function', module: './src/answer.ts', export: 'answer' })
    expect(spec).toMatchObject({ type: 'function', id: 'function:./src/answer.ts#answer', model: 'answer', concurrency: 8, retry: { attempts: 1 }, params: {} })
    expect(parseProviderSpec({ type: 'function', module: './a.ts' })).toMatchObject({ id: 'function:./a.ts#default', export: 'default' })
    expect(parseProviderSpec({ type: 'function', module: './a.ts', id: 'app', retry: { attempts: 3 } })).toMatchObject({ id: 'app', retry: { attempts: 3 } })
  })

  test('a typo or a missing module is refused, naming the field', () => {
    expect(() => parseProviderSpec({ type: 'function', module: './a.ts', exprot: 'x' })).toThrow(/exprot/)
    expect(() => parseProviderSpec({ type: 'function' })).toThrow(ProviderSpecError)
    expect(() => parseProviderSpec({ type: 'function' })).toThrow(/module/)
  })

  test('two functions never share a request target: module and export are in it', async () => {
    const a = await requestTarget(parseProviderSpec({ type: 'function', module: './a.ts', export: 'x' }))
    const b = await requestTarget(parseProviderSpec({ type: 'function', module: './b.ts', export: 'x' }))
    const c = await requestTarget(parseProviderSpec({ type: 'function', module: './a.ts', export: 'y' }))
    expect(a).toEqual({ type: 'function', model: 'x', module: './a.ts' })
    expect(new Set([JSON.stringify(a), JSON.stringify(b), JSON.stringify(c)]).size).toBe(3)
  })

  test('preflight: a module that is not there is a problem naming the path looked at; no key is needed', () => {
    const specs = [parseProviderSpec({ type: 'function', module: './nowhere/answer.ts', id: 'app' }), parseProviderSpec({ type: 'function', module: './package.json' })]
    const problems = functionModuleProblems(specs, process.cwd())
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/function provider app: module "\.\/nowhere\/answer\.ts" not found \(looked for .*nowhere[\\/]answer\.ts/)
  })

  test('defineProvider checks and marks its definition', () => {
    const definition = defineProvider({ id: 'app', complete: () => 'hi' })
    expect(isFunctionProviderDefinition(definition)).toBe(true)
    expect(isFunctionProviderDefinition({ id: 'app', complete: () => 'hi' })).toBe(false)
    expect(() => defineProvider({ id: '', complete: () => 'hi' })).toThrow(/id/)
  })
})
