import { describe, expect, test } from 'vitest'
import '../../../src/evaluators/setup.ts'
import toMatchAst from '../../../src/evaluators/matchers/to-match-ast.ts'
import { VUE_OK } from '../compile/samples.ts'
import { makeCase } from '../fixtures.ts'

const match = toMatchAst.evaluate

const COMPOSABLE = `Here is the composable:

\`\`\`ts
import { ref, type Ref } from 'vue'
import * as path from 'node:path'
import type { Clock } from './clock'

export interface CounterState {
  count: number
  readonly step?: number
}
type Options = { start: number; label: string }

export function useCounter(options: Options, clock?: Clock): { count: Ref<number> } {
  const count = ref<number>(options.start)
  const items: Array<string> = []
  return { count }
}
const reset = (state: CounterState) => { state.count = 0 }
export const double = (n: number): number => n * 2
export { reset }
// interface Commented { x: number }  and defineProps<Commented>() in a comment do not count
\`\`\``

describe('toMatchAst: each kind of check, over the syntax tree', () => {
  test('interfaces with members', () => {
    expect(match(COMPOSABLE, { interfaces: [{ name: 'CounterState', members: ['count', 'step'] }] }).pass).toBe(true)
    const result = match(COMPOSABLE, { interfaces: [{ name: 'CounterState', members: ['count', 'total'] }, { name: 'Commented' }] })
    expect(result).toMatchObject({ pass: false, score: 0 })
    expect(result.reason).toBe(
      '0 of 2 checks met (score 0.00, needs 1.00); missing: interface CounterState { count, total } (no member total); interface Commented (not declared)',
    )
  })

  test('type aliases', () => {
    expect(match(COMPOSABLE, { types: [{ name: 'Options', members: ['start', 'label'] }] }).pass).toBe(true)
    expect(match(COMPOSABLE, { types: [{ name: 'CounterState' }] }).pass).toBe(false)
  })

  test('type annotations on parameters, variables and members (whitespace-insensitive, alternatives)', () => {
    const result = match(COMPOSABLE, {
      typeAnnotations: [
        { name: 'options', type: 'Options' },
        { name: 'items', type: ['string[]', 'Array< string >'] },
        { name: 'count', type: 'number' },
        { name: 'clock', type: 'Clock' },
        { name: 'options', type: 'string' },
      ],
    })
    expect(result.score).toBe(0.8)
    expect(result.details).toMatchObject({ missing: ['options: string'] })
  })

  test('imports: module and names, type-only, namespaces', () => {
    expect(match(COMPOSABLE, { imports: [{ from: 'vue', names: ['ref', 'Ref'] }, { from: 'node:path', names: ['path'] }] }).pass).toBe(true)
    expect(match(COMPOSABLE, { imports: [{ from: './clock', names: ['Clock'], typeOnly: true }] }).pass).toBe(true)
    const result = match(COMPOSABLE, { imports: [{ from: 'vue', names: ['ref', 'computed'] }, { from: 'pinia' }] })
    expect(result.reason).toContain("missing: import { ref, computed } from 'vue' (not imported: computed); import from 'pinia' (no import from it)")
  })

  test('calls with type arguments and argument counts', () => {
    expect(match(COMPOSABLE, { calls: [{ callee: 'ref', typeArguments: ['number'], arguments: 1 }] }).pass).toBe(true)
    expect(match(VUE_OK, { calls: [{ callee: 'defineProps', typeArguments: ['CounterProps'] }, { callee: 'computed' }] }).pass).toBe(true)
    const result = match(COMPOSABLE, { calls: [{ callee: 'defineProps', typeArguments: ['Commented'] }, { callee: 'ref', typeArguments: ['string'] }] })
    expect(result.details).toMatchObject({ missing: ['call defineProps<Commented>(…)', 'call ref<string>(…)'] })
  })

  test('exported functions: declarations, arrow constants and export lists', () => {
    expect(match(COMPOSABLE, { exportedFunctions: ['useCounter', 'double', 'reset'] }).pass).toBe(true)
    expect(match(COMPOSABLE, { exportedFunctions: ['ref'] }).reason).toContain('missing: exported function ref')
  })

  test('variables and noAny', () => {
    expect(match(COMPOSABLE, { variables: ['count', 'reset'], noAny: true }).pass).toBe(true)
    expect(match('const x: any = 1\nfunction f(y: any) {}', { noAny: true }).reason).toContain('missing: no any (2 any types)')
  })

  test('<script setup lang="ts"> in a Vue file', () => {
    expect(match(VUE_OK, { scriptSetup: { lang: 'ts' } }).pass).toBe(true)
    expect(match(VUE_OK.replace(' lang="ts"', ''), { scriptSetup: { lang: 'ts' } }).reason).toContain('<script setup lang="ts"> (lang is none)')
    expect(match('<script lang="ts">\nexport default {}\n</script>', { scriptSetup: {} }).reason).toContain('<script setup> (no <script setup>)')
    expect(match(COMPOSABLE, { scriptSetup: { lang: 'ts' } }).reason).toContain('(not a Vue SFC)')
  })

  test('min: partial credit passes at the threshold', () => {
    const query = { exportedFunctions: ['useCounter', 'missingOne'] }
    expect(match(COMPOSABLE, query)).toMatchObject({ pass: false, score: 0.5, threshold: 1 })
    expect(match(COMPOSABLE, query, { min: 0.5 })).toMatchObject({ pass: true, score: 0.5, threshold: 0.5 })
  })

  test('an empty or invalid query is a clear error', () => {
    expect(() => match(COMPOSABLE, {})).toThrow('toMatchAst: the query has no checks')
    expect(() => match(COMPOSABLE, { interface: [] } as never)).toThrow(/toMatchAst: invalid options/)
  })
})

describe('toMatchAst as a matcher and from a dataset', () => {
  test('expect and .not', (ctx) => {
    expect(COMPOSABLE).toMatchAst({ exportedFunctions: ['useCounter'], imports: [{ from: 'vue', names: ['ref'] }] })
    expect(COMPOSABLE).not.toMatchAst({ interfaces: [{ name: 'Missing' }] })
    expect(() => expect(COMPOSABLE).toMatchAst({ variables: ['nope'] })).toThrow(/Reason: 0 of 1 checks met .*missing: variable nope/)
    expect(ctx.task.meta.llmBenchEvaluations?.map((e) => e.name)).toEqual(['toMatchAst', 'not.toMatchAst', 'toMatchAst'])
  })

  test('dataset options: the query, min and language in one object', () => {
    expect(toMatchAst.argsForCase(makeCase(), { variables: ['x'], min: 0.5 })).toEqual([
      expect.objectContaining({ variables: ['x'] }),
      { min: 0.5 },
    ])
  })
})
