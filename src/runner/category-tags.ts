import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { sourceFormat } from '../dataset/parse-source.ts'

/** A tag definition as Vitest's `test.tags` holds it (Vitest 4.1+). */
export interface TagDefinition {
  name: string
  description?: string
}

/**
 * The case categories of the dataset files, found without parsing a whole
 * YAML file: every `category:` line (a key of a case, alone or after the
 * list's `- `), its value read as YAML; a JSON file is parsed and its
 * `test_cases[].category` read. A `category:` line that is not a case's (in a
 * block of prompt text) adds a tag no test carries, which is harmless.
 * Unreadable files give none (the loader says what is wrong with them).
 */
export function datasetCategories(files: readonly string[]): string[] {
  const found = new Set<string>()
  for (const file of files) for (const category of fileCategories(file)) found.add(category)
  return [...found].sort()
}

/**
 * Declares each category as a Vitest tag of the project (Vitest checks a
 * test's tags and a `--tags-filter` against the declared ones). A tag the
 * user declared already is kept as it is. No-op where Vitest has no tags.
 */
export function declareCategoryTags(config: { tags?: TagDefinition[] | undefined }, categories: readonly string[]): void {
  if (!Array.isArray(config.tags)) return
  const declared = new Set(config.tags.map((tag) => tag.name))
  for (const name of categories) {
    if (!declared.has(name)) config.tags.push({ name, description: `llm-test-bench: dataset cases of category "${name}"` })
  }
}

function fileCategories(file: string): string[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return []
  }
  try {
    return sourceFormat(file) === 'json' ? jsonCategories(JSON.parse(text)) : yamlCategories(text)
  } catch {
    return []
  }
}

function yamlCategories(text: string): string[] {
  const categories: string[] = []
  for (const match of text.matchAll(/^[ \t]*(?:-[ \t]+)?category[ \t]*:[ \t]*(\S.*)$/gm)) {
    const value = scalar(match[1] ?? '')
    if (value !== null) categories.push(value)
  }
  return categories
}

/** A one-line YAML value as a non-empty string, or null (a number, a list, a syntax error). */
function scalar(text: string): string | null {
  try {
    const value: unknown = parse(text)
    return typeof value === 'string' && value !== '' ? value : null
  } catch {
    return null
  }
}

function jsonCategories(data: unknown): string[] {
  if (typeof data !== 'object' || data === null || !('test_cases' in data) || !Array.isArray(data.test_cases)) return []
  return data.test_cases.flatMap((testCase: unknown) => {
    const category = typeof testCase === 'object' && testCase !== null && 'category' in testCase ? testCase.category : undefined
    return typeof category === 'string' && category !== '' ? [category] : []
  })
}
