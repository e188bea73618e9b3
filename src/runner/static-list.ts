import type { ResolvedOptions } from '../config/options.ts'
import { loadDataset } from '../dataset/load.ts'
import { knownMatcherNames } from '../evaluators/registry.ts'
import { parseProviderSpec } from '../providers/spec.ts'
import { caseTests } from './case-tests.ts'
import { emptyPartTitle, partCases, type DatasetPart } from './dataset-split.ts'
import type { RunMode } from './provided.ts'

/**
 * A dataset file's tests as code Vitest can read without running it: Vitest
 * 5's `vitest list` parses test files as JavaScript by default
 * (`staticParse`), and a dataset is YAML or JSON. The project's plugin
 * serves this for a dataset module (vitest-plugin.ts); a run never asks for
 * it, as the project's runner registers a dataset's cases itself
 * (dataset-runner.ts). One `describe` named after the dataset, one `test`
 * per case × variant × provider × repeat, named and ordered as the workers
 * register them (case-tests.ts); a part of a split file lists its slice.
 *
 * The calls sit in a branch that never runs: a module that imports the file
 * (a test reading a JSON dataset as data) gets the module it got before,
 * and no test is registered by it. `code` is what Vite's other plugins made
 * of the file: a JSON file's module is kept (its data, exported, when no
 * plugin made one); a YAML file's text is replaced.
 *
 * Throws the loader's DatasetError (every problem, each at its line) when the
 * dataset does not load: the listing then names the file and why.
 */
export function staticListing(input: { file: string; part: DatasetPart | null; code: string; options: ResolvedOptions; mode: RunMode }): string {
  const { file, part, options, mode } = input
  const specs = options.providers.map((spec) => parseProviderSpec(spec))
  const knownMatchers = new Set([...knownMatcherNames(), ...Object.keys(options.evaluators)])
  const dataset = loadDataset(file, { knownMatchers, providers: specs.map((spec) => ({ id: spec.id, type: spec.type })) })
  const lines: string[] = []
  const inSlice = partCases(dataset.cases.length, part)
  if (inSlice) {
    lines.push(`  describe(${literal(dataset.name)}, () => {`)
    for (const { name } of caseTests(dataset, { mode, specs, repeats: options.repeats, env: process.env, cases: options.cases, inSlice })) {
      lines.push(`    test(${literal(name)}, NOT_RUN)`)
    }
    lines.push('  })')
  } else if (part) {
    // as dataset-part.ts registers an empty part
    lines.push(`  describe.skip(${literal(emptyPartTitle(dataset.name, part, 'no cases'))}, () => {})`)
  }
  const kept = file.toLowerCase().endsWith('.json') ? jsonModule(input.code) : ''
  return [
    kept,
    `import { describe, test } from 'vitest'`,
    `// llm-test-bench: a dataset listed for \`vitest list\`; the llmBench project's runner runs it`,
    `const NOT_RUN = () => { throw new Error('llm-test-bench: a dataset file runs through the llmBench project runner') }`,
    `if (globalThis.__llmTestBenchNeverSet === 1) {`,
    ...lines,
    '}',
    '',
  ].join('\n')
}

/**
 * A JSON file's module: the one Vite's JSON plugin made of it, or (where it
 * did not, as for a split file's part) the file's data as the default export.
 */
function jsonModule(code: string): string {
  try {
    JSON.parse(code)
  } catch {
    return `${code}\n`
  }
  return `export default ${code}\n`
}

/**
 * The text as a JavaScript string literal written so that its source is the
 * text itself: Vitest's static parse takes a test's name as the characters
 * between its quotes, not the string they make. So the first quote the text
 * does not contain is used; only a backslash (or a text with all three quotes
 * and more) cannot be written so, and is listed as JSON escapes it (`\\`).
 */
function literal(text: string): string {
  if (!/[\\\n\r]/.test(text)) {
    if (!text.includes('"')) return `"${text}"`
    if (!text.includes("'")) return `'${text}'`
    if (!text.includes('`') && !text.includes('${')) return `\`${text}\``
  }
  return JSON.stringify(text)
}
