import { readdirSync } from 'node:fs'
import { extname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { z } from 'zod'
import type { ResolvedCase } from '../dataset/types.ts'
import { isEvaluatorDefinition, type EvaluatorDefinition } from './define-evaluator.ts'

export type { EvaluatorDefinition }

/**
 * The built-in matchers are discovered, not listed: every module in `matchers/`
 * whose extension is this file's own (`.ts` from source, under Vitest or Node's
 * type stripping; `.js` once compiled to dist/) default-exports one definition,
 * and its file name is the kebab-case matcher name (`to-contain-references.ts`
 * holds `toContainReferences`). Adding a matcher is adding one file.
 */
const MATCHERS_DIR = fileURLToPath(new URL('./matchers/', import.meta.url))
const MODULE_EXTENSION = extname(fileURLToPath(import.meta.url))

export interface MatcherFile {
  /** The matcher name the file must define, from its file name. */
  name: string
  path: string
}

/** The matcher modules in `matchers/`, sorted by name. */
export function matcherFiles(): MatcherFile[] {
  return readdirSync(MATCHERS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isFile() && isMatcherModule(entry.name))
    .map((entry) => ({ name: kebabToCamel(entry.name.slice(0, -MODULE_EXTENSION.length)), path: join(MATCHERS_DIR, entry.name) }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** The names of the built-in matchers (`toContainReferences`, ...), known without loading them. */
export function knownMatcherNames(): string[] {
  return matcherFiles().map((file) => file.name)
}

const loading = new Map<string, Promise<EvaluatorDefinition>>()

/** Every built-in matcher definition by name; each module is loaded once per module instance. */
export function loadEvaluators(): Promise<ReadonlyMap<string, EvaluatorDefinition>> {
  return loadMatchers(knownMatcherNames())
}

/**
 * The named built-in matchers only (unknown names are left out). Workers load
 * what their datasets use: a run that never compiles code never loads the
 * TypeScript compiler.
 */
export async function loadMatchers(names: Iterable<string>): Promise<ReadonlyMap<string, EvaluatorDefinition>> {
  const files = new Map(matcherFiles().map((file) => [file.name, file]))
  const wanted = [...new Set(names)].flatMap((name) => {
    const file = files.get(name)
    return file ? [file] : []
  })
  const definitions = await Promise.all(
    wanted.map((file) => {
      let definition = loading.get(file.name)
      if (!definition) {
        definition = loadOne(file)
        loading.set(file.name, definition)
      }
      return definition
    }),
  )
  return new Map(definitions.map((definition) => [definition.name, definition]))
}

async function loadOne(file: MatcherFile): Promise<EvaluatorDefinition> {
  const module: { default?: unknown } = await import(/* @vite-ignore */ pathToFileURL(file.path).href)
  const definition = module.default
  if (!isEvaluatorDefinition(definition)) {
    throw new Error(`${file.path}: a matcher module must \`export default defineEvaluator({ ... })\``)
  }
  if (definition.name !== file.name) {
    throw new Error(`${file.path}: defines "${definition.name}" but its file name says "${file.name}"; rename one of them`)
  }
  return definition
}

function isMatcherModule(fileName: string): boolean {
  if (!fileName.endsWith(MODULE_EXTENSION) || fileName.endsWith(`.d${MODULE_EXTENSION}`)) return false
  if (fileName.startsWith('.') || fileName.startsWith('_') || fileName.includes('.test.')) return false
  return /^[a-z][a-z0-9-]*$/.test(fileName.slice(0, -MODULE_EXTENSION.length))
}

function kebabToCamel(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase())
}

/**
 * The dataset-option schema of each definition, by matcher name: what an
 * `assert` entry's options (`toMatchRegex: { pattern: ... }`) must satisfy.
 * The dataset loader checks entries against these when a dataset loads, so a
 * bad option is refused before any provider is called. Built-in matchers and
 * custom `defineEvaluator` definitions declare one; a plain-function custom
 * evaluator takes any map of options.
 */
export function matcherOptionSchemas(definitions: ReadonlyMap<string, EvaluatorDefinition>): Map<string, z.ZodType> {
  return new Map([...definitions].map(([name, definition]) => [name, definition.options]))
}

/**
 * Each definition's arguments builder, by matcher name: the dataset loader
 * builds every case's assertions once as it loads, so a case that lacks what
 * its matcher needs (`toEqualExpected` without `expected`) is refused before
 * any provider is called. Builders only read the case; they call nothing.
 */
export function matcherCaseArguments(
  definitions: ReadonlyMap<string, EvaluatorDefinition>,
): Map<string, (testCase: ResolvedCase, options: Record<string, unknown>) => unknown> {
  return new Map([...definitions].map(([name, definition]) => [name, caseArguments(definition)]))
}

/** `argsForCase`, with the options parsed once per options object (a dataset-wide assertion is built for every case). */
function caseArguments(definition: EvaluatorDefinition): (testCase: ResolvedCase, options: Record<string, unknown>) => unknown {
  const parsed = new WeakMap<object, unknown>()
  return (testCase, options) => {
    if (!parsed.has(options)) parsed.set(options, definition.parseOptions(options))
    return definition.argsFromCase(testCase, parsed.get(options))
  }
}

/** A custom evaluator may not take a built-in matcher's name. */
export function checkCustomNames(custom: Iterable<string>, builtin: ReadonlySet<string> = new Set(knownMatcherNames())): void {
  for (const name of custom) {
    if (builtin.has(name)) throw new Error(`llm-test-bench: custom evaluator "${name}" has the name of a built-in matcher; choose another name`)
  }
}
