import { listWords } from './describe-value.ts'
import type { DatasetIssue } from './errors.ts'
import { issueAt } from './locate.ts'
import type { PartialCase, PartialDataset } from './partial-dataset.ts'
import type { ParsedSource } from './parse-source.ts'

/** The fields a case can take its prompt from, in the order they are looked at. */
export const PROMPT_FIELDS = ['prompt', 'prompt_file', 'messages'] as const
export type PromptField = (typeof PROMPT_FIELDS)[number]

const EXPECTED = 'one of prompt, prompt_file or messages'

/** The prompt fields a case sets itself (valid or not). */
export function casePromptFields(testCase: PartialCase): PromptField[] {
  return PROMPT_FIELDS.filter((field) => testCase.present.has(field))
}

/** `case "greet"`, or the case's place when its id is missing or invalid. */
export function caseLabel({ index, valid }: PartialCase): string {
  return valid.id === undefined ? `case test_cases[${index}]` : `case "${valid.id}"`
}

/** Each case needs exactly one prompt source; the dataset's `prompt_file` serves cases that set none. */
export function checkPromptSources(source: ParsedSource, dataset: PartialDataset): DatasetIssue[] {
  return dataset.cases.flatMap((testCase) => checkCase(source, testCase, dataset.promptFile))
}

function checkCase(source: ParsedSource, testCase: PartialCase, datasetPromptFile: string | null | undefined): DatasetIssue[] {
  const fields = casePromptFields(testCase)
  const path = ['test_cases', testCase.index]
  if (fields.length > 1) {
    const found = listWords(fields)
    const message = `a case has exactly one prompt source (${EXPECTED}), found ${found}`
    return [issueAt(source, [...path, fields[1] ?? ''], { expected: EXPECTED, found, message }, 'key')]
  }
  if (fields.length === 1 || datasetPromptFile !== undefined) return []
  const message = `${caseLabel(testCase)} has no prompt: set ${EXPECTED}, or a prompt_file for the whole dataset`
  return [issueAt(source, path, { expected: EXPECTED, found: 'none', message })]
}
