import type { DatasetIssue } from './errors.ts'
import { issueAt, locatePath, type FieldPath } from './locate.ts'
import type { PartialDataset } from './partial-dataset.ts'
import type { ParsedSource } from './parse-source.ts'
import { resolvePromptPath, type PromptTexts } from './prompt-files.ts'
import { caseLabel, casePromptFields } from './prompt-sources.ts'
import { didYouMean } from './suggest.ts'
import { templateVariables } from './template.ts'
import type { NamedVariant } from './variants.ts'

/**
 * The checks of `variants:` the schema cannot express: names unique (the list form; the map
 * form's repeated keys are duplicate keys), one prompt source per variant, `reference_variant`
 * naming a variant, and every `{{variable}}` a variant's templates use set for every case that
 * renders them.
 */
export function checkVariants(source: ParsedSource, dataset: PartialDataset, texts: PromptTexts): DatasetIssue[] {
  const { variants } = dataset
  return [
    ...duplicateNames(source, variants),
    ...variants.flatMap((variant) => twoPromptSources(source, variant)),
    ...referenceIssues(source, variants, dataset.referenceVariant),
    ...variants.flatMap((variant) => missingVariables(source, dataset, texts, variant)),
  ]
}

/** The dataset as the prompt-source check sees it: a variant prompt in every variant serves cases with none of their own. */
export function withVariantPrompts(dataset: PartialDataset): PartialDataset {
  const { variants } = dataset
  const everyVariant = variants.length > 0 && variants.every((v) => v.fields.prompt !== undefined || v.fields.prompt_file !== undefined)
  return everyVariant && dataset.promptFile === undefined ? { ...dataset, promptFile: '(every variant sets a prompt)' } : dataset
}

function duplicateNames(source: ParsedSource, variants: readonly NamedVariant[]): DatasetIssue[] {
  const first = new Map<string, FieldPath>()
  return variants.flatMap((variant) => {
    if (typeof variant.path[1] !== 'number') return []
    const earlier = first.get(variant.name)
    if (earlier === undefined) {
      first.set(variant.name, variant.path)
      return []
    }
    const lines = `line ${locatePath(source, [...earlier, 'name']).line} and line ${locatePath(source, [...variant.path, 'name']).line}`
    const message = `duplicate variant name "${variant.name}": used at ${lines}`
    return [issueAt(source, [...variant.path, 'name'], { expected: 'a unique variant name', found: `"${variant.name}" again`, message })]
  })
}

function twoPromptSources(source: ParsedSource, variant: NamedVariant): DatasetIssue[] {
  if (variant.fields.prompt === undefined || variant.fields.prompt_file === undefined) return []
  const message = `variant "${variant.name}" has both prompt and prompt_file (expected at most one of them)`
  return [issueAt(source, [...variant.path, 'prompt_file'], { expected: 'at most one of prompt or prompt_file', found: 'prompt and prompt_file', message }, 'key')]
}

function referenceIssues(source: ParsedSource, variants: readonly NamedVariant[], rawReference: string | undefined): DatasetIssue[] {
  if (rawReference === undefined) return []
  const names = [...new Set(variants.map((v) => v.name))]
  if (names.includes(rawReference)) return []
  const expected = names.length === 0 ? 'a variant declared in variants' : `one of ${names.join(', ')}`
  const message =
    names.length === 0
      ? `reference_variant "${rawReference}" names a variant, but the dataset declares no variants`
      : `reference_variant "${rawReference}" is no variant of this dataset${didYouMean(rawReference, names)} (variants: ${names.join(', ')})`
  return [issueAt(source, ['reference_variant'], { expected, found: `"${rawReference}"`, message })]
}

/** A case with one of these fields invalid is not checked (its templates are unknown). */
const TEMPLATE_FIELDS = ['variables', 'prompt', 'prompt_file', 'messages']

/** The variables the variant's prompt and system templates use that a case rendering them does not set. */
function missingVariables(source: ParsedSource, dataset: PartialDataset, texts: PromptTexts, variant: NamedVariant): DatasetIssue[] {
  const { variables } = dataset
  if (variables === null) return []
  const { prompt, prompt_file: promptFile, system } = variant.fields
  const promptText = prompt ?? (promptFile === undefined ? undefined : texts.get(resolvePromptPath(source.file, promptFile)))
  return dataset.cases.flatMap((testCase) => {
    if (TEMPLATE_FIELDS.some((field) => testCase.invalid.has(field)) || testCase.config.invalid.has('system')) return []
    const templates = [
      casePromptFields(testCase).length === 0 ? promptText : undefined,
      testCase.config.present.has('system') ? undefined : system,
    ].filter((text) => text !== undefined)
    const known = new Set([...Object.keys(variables), ...Object.keys(testCase.valid.variables ?? {})])
    const missing = [...new Set(templates.flatMap(templateVariables))].filter((name) => !known.has(name))
    return missing.map((name) => {
      const message = `${caseLabel(testCase)} with variant "${variant.name}" uses {{${name}}} but no variable "${name}" is set in the case's or the dataset's variables`
      return issueAt(source, ['test_cases', testCase.index], { expected: `a value for "${name}"`, found: 'none', message })
    })
  })
}
