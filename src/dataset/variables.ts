import type { DatasetIssue } from './errors.ts'
import { issueAt } from './locate.ts'
import type { PartialCase, PartialDataset } from './partial-dataset.ts'
import type { ParsedSource } from './parse-source.ts'
import { resolvePromptPath, type PromptTexts } from './prompt-files.ts'
import { caseLabel, casePromptFields } from './prompt-sources.ts'
import { templateVariables } from './template.ts'

/** A case with one of these fields invalid is not checked for variables (its templates are unknown). */
const TEMPLATE_FIELDS = ['variables', 'prompt', 'prompt_file', 'messages']

/**
 * Every `{{variable}}` in a case's prompt, messages, prompt file or system prompt
 * needs a value in the case's or the dataset's `variables`. Skipped when the
 * dataset's own variables are invalid (already reported).
 */
export function checkVariables(source: ParsedSource, dataset: PartialDataset, texts: PromptTexts): DatasetIssue[] {
  const { variables } = dataset
  if (variables === null) return []
  return dataset.cases.flatMap((testCase) => {
    if (TEMPLATE_FIELDS.some((field) => testCase.invalid.has(field)) || testCase.config.invalid.has('system')) return []
    const known = new Set([...Object.keys(variables), ...Object.keys(testCase.valid.variables ?? {})])
    const used = caseTemplates(source.file, testCase, dataset, texts).flatMap(templateVariables)
    const missing = [...new Set(used)].filter((name) => !known.has(name))
    return missing.map((name) => missingVariable(source, testCase, name))
  })
}

/** The template texts a case renders; a prompt file that could not be read is left out. */
function caseTemplates(datasetFile: string, testCase: PartialCase, dataset: PartialDataset, texts: PromptTexts): string[] {
  const { valid } = testCase
  const promptFile = casePromptFields(testCase).length === 0 ? dataset.promptFile : valid.prompt_file
  const fileText = typeof promptFile === 'string' ? texts.get(resolvePromptPath(datasetFile, promptFile)) : undefined
  const system = testCase.config.valid.system ?? dataset.defaults.system
  const messages = (valid.messages ?? []).map((message) => message.content)
  return [valid.prompt, fileText, system, ...messages].filter((text) => text !== undefined)
}

function missingVariable(source: ParsedSource, testCase: PartialCase, name: string): DatasetIssue {
  const message = `${caseLabel(testCase)} uses {{${name}}} but no variable "${name}" is set in the case's or the dataset's variables`
  return issueAt(source, ['test_cases', testCase.index], { expected: `a value for "${name}"`, found: 'none', message })
}
