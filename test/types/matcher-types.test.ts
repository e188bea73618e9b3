import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * Real tsc over the type fixtures (test/types/fixtures/): every matcher with its options on
 * `expect(output)`, llmBench() options with every provider type, and `@ts-expect-error` lines
 * that tsc must find errors on (an unused directive is itself an error). Both compilers the
 * repository has: TypeScript 7 (`typescript`, native) and TypeScript 6 (`typescript6`).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const FIXTURES = join(ROOT, 'test/types/fixtures')
const COMPILERS = { 'TypeScript 7': 'node_modules/typescript/bin/tsc', 'TypeScript 6': 'node_modules/typescript6/bin/tsc' }

mkdirSync(join(ROOT, '.cache'), { recursive: true })
const work = mkdtempSync(join(ROOT, '.cache/types-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

function tsc(compiler: string, files: string[]): { status: number | null; output: string } {
  const dir = mkdtempSync(join(work, 'p-'))
  const tsconfig = {
    extends: join(ROOT, 'tsconfig.json'),
    compilerOptions: { noEmit: true, incremental: false },
    include: [],
    files,
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig))
  const run = spawnSync(process.execPath, [join(ROOT, compiler), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', cwd: ROOT })
  return { status: run.status, output: `${run.stdout}${run.stderr}` }
}

describe.each(Object.entries(COMPILERS))('%s', (_name, compiler) => {
  it('accepts every matcher with options and every provider type in llmBench(); rejects each wrong call, typo, unknown key and missing field', () => {
    const result = tsc(compiler, [join(FIXTURES, 'matchers.ts'), join(FIXTURES, 'config.ts')])
    expect(result.output).toBe('')
    expect(result.status).toBe(0)
  }, 180_000)
})

it('the matchers are typed by the setup import: without it every matcher is an unknown property', () => {
  const dir = join(work, 'without-setup')
  mkdirSync(dir, { recursive: true })
  const fixture = readFileSync(join(FIXTURES, 'matchers.ts'), 'utf8')
  const without = fixture.replace("import '../../../src/evaluators/setup.ts'\n", '')
  expect(without).not.toBe(fixture)
  // the copy sits beside the fixture so its other imports resolve the same way
  const copy = join(FIXTURES, `.without-setup-${process.pid}.ts`)
  writeFileSync(copy, without)
  try {
    const result = tsc(COMPILERS['TypeScript 7'], [copy])
    expect(result.status).not.toBe(0)
    expect(result.output).toContain("Property 'toCompileWithTsc' does not exist on type 'Assertion<void, string>'")
    expect(result.output).toContain("Property 'toFuzzyMatch' does not exist")
  } finally {
    rmSync(copy, { force: true })
  }
}, 120_000)
