import { checkMatcherNames } from './assertions.ts'
import { checkDuplicateIds } from './case-ids.ts'
import type { DatasetIssue } from './errors.ts'
import type { PartialDataset } from './partial-dataset.ts'
import type { ParsedSource } from './parse-source.ts'
import type { PromptTexts } from './prompt-files.ts'
import { checkPromptSources } from './prompt-sources.ts'
import { checkVariables } from './variables.ts'

/** The checks the schema cannot express; they run on every part of the file that passed the schema. */
export function semanticIssues(
  source: ParsedSource,
  dataset: PartialDataset,
  promptTexts: PromptTexts,
  knownMatchers: ReadonlySet<string>,
): DatasetIssue[] {
  return [
    ...checkDuplicateIds(source, dataset.cases),
    ...checkPromptSources(source, dataset),
    ...checkMatcherNames(source, ['assert'], dataset.assert, knownMatchers),
    ...dataset.cases.flatMap(({ index, assert }) => checkMatcherNames(source, ['test_cases', index, 'assert'], assert, knownMatchers)),
    ...checkVariables(source, dataset, promptTexts),
  ]
}
