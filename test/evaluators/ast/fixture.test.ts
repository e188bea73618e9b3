import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { loadDataset } from '../../../src/dataset/load.ts'
import toCompileWithTsc from '../../../src/evaluators/matchers/to-compile-with-tsc.ts'
import toMatchAst from '../../../src/evaluators/matchers/to-match-ast.ts'
import { knownMatcherNames } from '../../../src/evaluators/registry.ts'

const root = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url))
const fixture = (name: string): string => readFileSync(root(`fixtures/refactoring/simple-component/${name}`), 'utf8')
const checks = JSON.parse(fixture('ast-checks.json')) as Record<string, unknown>
const input = fixture('input.vue')
const expected = fixture('expected.vue')

describe('fixture refactoring/simple-component (seed 004)', () => {
  test('the reference output compiles and meets all 10 AST checks', async () => {
    expect(await toCompileWithTsc.evaluate(expected)).toMatchObject({ pass: true, score: 1 })
    expect(toMatchAst.evaluate(expected, checks)).toMatchObject({ pass: true, score: 1, reason: '10 of 10 checks met (score 1.00, needs 1.00)' })
  })

  test('the reference still passes when a model wraps it in prose and a fence', async () => {
    const answer = `Here is the refactored component:\n\n\`\`\`vue\n${expected}\`\`\`\n`
    expect((await toCompileWithTsc.evaluate(answer)).pass).toBe(true)
    expect(toMatchAst.evaluate(answer, checks).score).toBe(1)
  })

  test('the input does not pass: it does not compile and meets 3 of 10 checks', async () => {
    const compiled = await toCompileWithTsc.evaluate(input)
    expect(compiled.pass).toBe(false)
    expect(compiled.reason).toContain("8:17 TS2304 Cannot find name 'computed'.")
    const ast = toMatchAst.evaluate(input, checks)
    expect(ast).toMatchObject({ pass: false, score: 0.3 })
    expect(ast.reason).toContain('missing: <script setup lang="ts"> (lang is none); interface ComponentProps { title, count, items } (not declared)')
  })

  test('the dataset renders the input into the prompt and runs both matchers with the fixture checks', async () => {
    const dataset = loadDataset(root('datasets/refactoring/simple-component.dataset.yaml'), { knownMatchers: new Set(knownMatcherNames()) })
    const [testCase] = dataset.cases
    if (!testCase) throw new Error('no case')
    expect(testCase.prompt).toContain(`\`\`\`vue\n${input}`)
    expect(testCase.prompt).toContain('defineProps<ComponentProps>()')
    expect(testCase.assertions.map((a) => a.name)).toEqual(['toCompileWithTsc', 'toMatchAst'])
    const [compile, ast] = testCase.assertions
    const [query, options] = toMatchAst.argsForCase(testCase, ast?.options)
    expect(options).toEqual({ min: 1, language: 'vue' })
    expect(toMatchAst.parseOptions(query)).toEqual(toMatchAst.parseOptions(checks))
    await expect(toMatchAst.evaluateCase(expected, testCase, ast?.options)).resolves.toMatchObject({ pass: true, score: 1 })
    await expect(toCompileWithTsc.evaluateCase(expected, testCase, compile?.options)).resolves.toMatchObject({ pass: true })
    await expect(toCompileWithTsc.evaluateCase(input, testCase, compile?.options)).resolves.toMatchObject({ pass: false })
  })
})
