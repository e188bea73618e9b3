import { checkMatcherNames } from './assertions.ts'
import { checkCaseArguments } from './case-arguments.ts'
import { checkDuplicateIds } from './case-ids.ts'
import { checkCaseProviders } from './case-providers.ts'
import type { DatasetIssue } from './errors.ts'
import type { LoadDatasetOptions } from './load-options.ts'
import { checkMatcherOptions } from './matcher-options.ts'
import type { PartialDataset } from './partial-dataset.ts'
import type { ParsedSource } from './parse-source.ts'
import type { PromptTexts } from './prompt-files.ts'
import { checkPromptSources } from './prompt-sources.ts'
import { checkVariables } from './variables.ts'
import { checkVariants, withVariantPrompts } from './variant-checks.ts'

/** The checks the schema cannot express; they run on every part of the file that passed the schema. */
export function semanticIssues(
  source: ParsedSource,
  dataset: PartialDataset,
  promptTexts: PromptTexts,
  options: LoadDatasetOptions,
): DatasetIssue[] {
  const { knownMatchers, matcherOptions = new Map(), matcherArgs, providers } = options
  const lists = [{ path: ['assert'], entries: dataset.assert }, ...dataset.cases.map(({ index, assert }) => ({ path: ['test_cases', index, 'assert'], entries: assert }))]
  return [
    ...checkDuplicateIds(source, dataset.cases),
    // a prompt in every variant serves the cases with none of their own
    ...checkPromptSources(source, withVariantPrompts(dataset)),
    ...lists.flatMap(({ path, entries }) => checkMatcherNames(source, path, entries, knownMatchers)),
    ...lists.flatMap(({ path, entries }) => checkMatcherOptions(source, path, entries, matcherOptions)),
    ...(matcherArgs === undefined ? [] : checkCaseArguments(source, dataset, matcherArgs, matcherOptions)),
    ...(providers === undefined ? [] : checkCaseProviders(source, dataset, providers)),
    ...checkVariables(source, dataset, promptTexts),
    ...checkVariants(source, dataset, promptTexts),
  ]
}
