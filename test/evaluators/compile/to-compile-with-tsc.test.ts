import { describe, expect, test } from 'vitest'
import toCompileWithTsc from '../../../src/evaluators/matchers/to-compile-with-tsc.ts'
import type { Diagnostic } from '../../../src/evaluators/typescript/compile.ts'
import { makeCase } from '../fixtures.ts'
import { FENCED_IN_PROSE, LOOSE, SEVERAL_BLOCKS, SYNTAX_ERROR, TSX, TSX_ERROR, TYPE_ERRORS, VUE_OK, VUE_TYPE_ERROR, WOULD_EXIT } from './samples.ts'

const check = toCompileWithTsc.evaluate
const diagnostics = (details: unknown): Diagnostic[] => (details as { diagnostics: Diagnostic[] }).diagnostics
const places = (details: unknown): string[] => diagnostics(details).map((d) => `${d.line}:${d.column} ${d.code}`)

describe('toCompileWithTsc: TypeScript', () => {
  test('code fenced in prose compiles; lines are those of the whole answer', async () => {
    const result = await check(FENCED_IN_PROSE)
    expect(result).toMatchObject({ pass: true, score: 1, threshold: 1, details: { language: 'ts', fenced: true, diagnostics: [] } })
    expect(result.reason).toBe('compiles (ts (fenced block from line 4), strict: true)')
  })

  test('of several blocks the typescript one is checked, not the first (sh)', async () => {
    const result = await check(SEVERAL_BLOCKS)
    expect(result.pass).toBe(false)
    expect(places(result.details)).toEqual(['7:7 TS2322'])
  })

  test('implicit any fails under strict (the default) and passes with strict: false', async () => {
    const strict = await check(LOOSE)
    expect(strict.pass).toBe(false)
    expect(places(strict.details)).toEqual(['1:23 TS7006'])
    expect((await check(LOOSE, { strict: false })).pass).toBe(true)
  })

  test('a syntax error fails with its position', async () => {
    const result = await check(SYNTAX_ERROR)
    expect(result.pass).toBe(false)
    expect(result.reason).toMatch(/^\d errors \(ts, strict: true\):\n1:34 TS1005 ',' expected\./)
    // syntax errors only: type errors on a broken tree would be noise
    expect(diagnostics(result.details).every((d) => /^TS1\d{3}$/.test(d.code))).toBe(true)
  })

  test('type errors: every one listed with line:column of the model code', async () => {
    const result = await check(TYPE_ERRORS)
    expect(result.score).toBe(0)
    expect(places(result.details)).toEqual(['3:9 TS2322', '6:7 TS2345'])
    expect(result.reason).toContain("3:9 TS2322 Type 'string' is not assignable to type 'number'.")
  })

  test('the same errors inside a fenced block keep the answer\'s line numbers', async () => {
    const answer = `Here you go:\n\n\`\`\`ts\n${TYPE_ERRORS}\n\`\`\`\nDone.`
    expect(places((await check(answer)).details)).toEqual(['6:9 TS2322', '9:7 TS2345'])
  })

  test('imports: unknown modules fail unless allowed or declared; vue has its real types', async () => {
    const code = "import { z } from 'zod'\nexport const name = z.string()\n"
    expect(places((await check(code)).details)).toEqual(['1:19 TS2307'])
    expect((await check(code, { allowedImports: ['zod'] })).pass).toBe(true)
    const ambient = "declare module 'zod' { export const z: { string(): { parse(value: unknown): string } } }"
    expect((await check(`${code}const parsed: number = name.parse(1)\n`, { ambient })).details).toMatchObject({
      diagnostics: [expect.objectContaining({ line: 3, code: 'TS2322' })],
    })
    expect((await check("import { ref } from 'vue'\nexport const n: string = ref(1).value\n")).pass).toBe(false)
  })

  test('libs and target are honoured', async () => {
    const code = 'export const last = [1, 2, 3].at(-1)\n'
    expect((await check(code)).pass).toBe(true)
    expect((await check(code, { libs: ['es2020'], target: 'es2020' })).pass).toBe(false)
    expect((await check('document.title = "x"\n', { libs: ['es2023'] })).pass).toBe(false)
  })

  test('invalid settings are a clear error', async () => {
    await expect(check('export {}', { libs: ['es1999'] })).rejects.toThrow(/toCompileWithTsc: invalid compiler settings/)
    await expect(check('export {}', { strict: 'yes' } as never)).rejects.toThrow(/toCompileWithTsc: invalid options/)
  })

  test('the code is never executed', async () => {
    const result = await check(WOULD_EXIT, { ambient: 'declare const process: { exitCode: number }' })
    expect(result.pass).toBe(true)
    expect(process.exitCode).not.toBe(99)
  })
})

describe('toCompileWithTsc: TSX', () => {
  test('a component with JSX and event handlers compiles (jsx: preserve, a generic JSX namespace)', async () => {
    const result = await check(TSX)
    expect(result).toMatchObject({ pass: true, details: { language: 'tsx' } })
  })

  test('a wrong prop type fails at its line', async () => {
    expect(places((await check(TSX_ERROR)).details)).toEqual(['6:29 TS2322'])
  })
})

describe('toCompileWithTsc: Vue SFC', () => {
  test('<script setup lang="ts"> with typed props compiles', async () => {
    expect(await check(VUE_OK)).toMatchObject({ pass: true, details: { language: 'vue' } })
  })

  test('type errors in <script setup> are reported at the lines of the .vue file', async () => {
    const result = await check(VUE_TYPE_ERROR)
    expect(result.pass).toBe(false)
    expect(places(result.details)).toEqual(['11:7 TS2322', '12:21 TS2339'])
  })

  test("Vue's compiler errors (a macro misused) fail with code vue", async () => {
    const result = await check(VUE_OK.replace('defineProps<CounterProps>()', 'defineProps<CounterProps>({ start: Number })'))
    expect(result.pass).toBe(false)
    expect(diagnostics(result.details)[0]).toMatchObject({ code: 'vue', message: expect.stringMatching(/defineProps/) })
  })

  test('a fenced vue block is found in prose; language can be forced', async () => {
    expect((await check(`The component:\n\n\`\`\`vue\n${VUE_TYPE_ERROR}\`\`\``)).details).toMatchObject({
      language: 'vue',
      diagnostics: [expect.objectContaining({ line: 14 }), expect.objectContaining({ line: 15 })],
    })
    expect((await check(VUE_OK, { language: 'ts' })).pass).toBe(false)
  })
})

describe('toCompileWithTsc from a dataset case', () => {
  test('options pass through with defaults', () => {
    expect(toCompileWithTsc.argsForCase(makeCase(), { language: 'vue' })).toEqual([
      expect.objectContaining({ language: 'vue', strict: true, allowedImports: [] }),
    ])
  })
})
