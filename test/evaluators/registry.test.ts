import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, test } from 'vitest'
import toMatchRegex from '../../src/evaluators/matchers/to-match-regex.ts'
import { isEvaluatorDefinition } from '../../src/evaluators/define-evaluator.ts'
import { knownMatcherNames, loadEvaluators, loadMatchers, matcherFiles } from '../../src/evaluators/registry.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const BUILT_IN = ['toContainReferences', 'toEqualExpected', 'toMatchRegex']

/** Runs a module script in a fresh Node (this test runs under the project's Node 24) and parses its JSON output. */
function runNode(script: string, cwd: string): unknown {
  const child = spawnSync(process.execPath, ['--input-type=module', '--eval', script], { cwd, encoding: 'utf8', timeout: 30_000 })
  if (child.status !== 0) throw new Error(`node exited with ${child.status}:\n${child.stderr}`)
  return JSON.parse(child.stdout)
}

/** A script that loads the registry at `registryPath` and reports what it found. */
function registryProbe(registryPath: string): string {
  return `
    const { knownMatcherNames, loadEvaluators } = await import(${JSON.stringify(pathToFileURL(registryPath).href)})
    try {
      const evaluators = await loadEvaluators()
      const evaluation = await evaluators.get('toContainReferences').evaluateCase(
        'Once upon a time, there was a little girl named Lily.',
        { id: 'c1', references: ['lily', 'dragon'] },
        { min: 0.5 },
      )
      console.log(JSON.stringify({ node: process.versions.node, names: knownMatcherNames(), loaded: [...evaluators.keys()], evaluation }))
    } catch (error) {
      console.log(JSON.stringify({ error: error.message }))
    }
  `
}

describe('registry inside a Vitest worker', () => {
  test('knownMatcherNames comes from the file names in matchers/', () => {
    expect(knownMatcherNames()).toEqual(expect.arrayContaining(BUILT_IN))
    expect(matcherFiles().find((file) => file.name === 'toContainReferences')?.path).toBe(
      join(ROOT, 'src/evaluators/matchers/to-contain-references.ts'),
    )
  })

  test('loadEvaluators imports every matcher file, once, as the same module the test imports', async () => {
    const evaluators = await loadEvaluators()
    expect([...evaluators.keys()]).toEqual(knownMatcherNames())
    for (const definition of evaluators.values()) expect(isEvaluatorDefinition(definition)).toBe(true)
    expect(evaluators.get('toMatchRegex')).toBe(toMatchRegex)
    // each module once: a second load gives the very same definitions
    const again = await loadEvaluators()
    for (const [name, definition] of evaluators) expect(again.get(name)).toBe(definition)
  })

  test('loadMatchers loads only the named matchers (a run that compiles nothing never loads TypeScript)', async () => {
    const some = await loadMatchers(['toMatchRegex', 'toFuzzyMatch', 'noSuchMatcher'])
    expect([...some.keys()].sort()).toEqual(['toFuzzyMatch', 'toMatchRegex'])
    expect(some.get('toMatchRegex')).toBe(toMatchRegex)
  })
})

describe('registry in plain Node', () => {
  test('from the .ts sources (Node type stripping)', () => {
    const result = runNode(registryProbe(join(ROOT, 'src/evaluators/registry.ts')), ROOT)
    expect(result).toEqual({
      node: expect.stringMatching(/^2[4-9]\./),
      names: expect.arrayContaining(BUILT_IN),
      loaded: knownMatcherNames(),
      evaluation: expect.objectContaining({ name: 'toContainReferences', pass: true, score: 0.5, threshold: 0.5 }),
    })
  })

  describe('from compiled .js', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-bench-registry-'))
    const dist = join(dir, 'dist')
    const registry = join(dist, 'evaluators/registry.js')
    const matchersDir = join(dist, 'evaluators/matchers')
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    test('tsc emits registry.js and the matchers (with .d.ts beside them)', () => {
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
      const files = ['expect.ts', 'registry.ts', ...matcherFiles().map((f) => f.path)].map((f) => resolve(ROOT, 'src/evaluators', f))
      const tsconfig = {
        extends: join(ROOT, 'tsconfig.json'),
        compilerOptions: { noEmit: false, declaration: true, outDir: dist, rootDir: join(ROOT, 'src') },
        files,
        include: [],
      }
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig))
      const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], {
        encoding: 'utf8',
      })
      // tsc emits even with type errors elsewhere; the type check proper is `npx tsc -p tsconfig.json`
      expect(existsSync(registry), `tsc emitted no registry.js:\n${tsc.stdout}${tsc.stderr}`).toBe(true)
      expect(existsSync(join(matchersDir, 'to-match-regex.d.ts'))).toBe(true)
      const result = runNode(registryProbe(registry), dir)
      expect(result).toMatchObject({ loaded: knownMatcherNames(), evaluation: { name: 'toContainReferences', pass: true } })
    })

    test('a new matcher is one new file', () => {
      writeFileSync(
        join(matchersDir, 'to-start-with-once.js'),
        `import { z } from 'zod'
         import { defineEvaluator } from '../define-evaluator.js'
         export default defineEvaluator({
           name: 'toStartWithOnce', description: 'starts with Once', options: z.object({}),
           argsFromCase: () => [],
           evaluate: (received) => {
             const pass = received.startsWith('Once')
             return { pass, score: pass ? 1 : 0, threshold: 1, reason: pass ? 'starts with Once' : 'does not start with Once' }
           },
         })`,
      )
      const result = runNode(registryProbe(registry), dir)
      expect(result).toMatchObject({ names: expect.arrayContaining(['toStartWithOnce']), loaded: expect.arrayContaining(['toStartWithOnce']) })
    })

    test('a file whose default export is not a definition is a clear error', () => {
      writeFileSync(join(matchersDir, 'to-be-broken.js'), 'export default { name: "toBeBroken" }\n')
      expect(runNode(registryProbe(registry), dir)).toEqual({
        error: expect.stringMatching(/to-be-broken\.js: a matcher module must `export default defineEvaluator\(\{ \.\.\. \}\)`$/),
      })
      rmSync(join(matchersDir, 'to-be-broken.js'))
    })

    test('a definition whose name does not match its file name is a clear error', () => {
      writeFileSync(join(matchersDir, 'to-be-short.js'), "export { default } from './to-start-with-once.js'\n")
      expect(runNode(registryProbe(registry), dir)).toEqual({
        error: expect.stringMatching(/to-be-short\.js: defines "toStartWithOnce" but its file name says "toBeShort"; rename one of them$/),
      })
    })
  })
})
