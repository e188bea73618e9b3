import type { DatasetIssue } from './errors.ts'
import type { ConfiguredProvider } from './load-options.ts'
import { issueAt } from './locate.ts'
import type { PartialDataset } from './partial-dataset.ts'
import type { ParsedSource } from './parse-source.ts'
import { caseLabel } from './prompt-sources.ts'
import { closestName } from './suggest.ts'

/**
 * Each name in a case's `config.providers` must be a configured provider's id
 * (or type). A name that matches none would leave the case with no provider to
 * run on, and the case would silently not run.
 */
export function checkCaseProviders(source: ParsedSource, dataset: PartialDataset, providers: readonly ConfiguredProvider[]): DatasetIssue[] {
  const names = new Set(providers.flatMap((provider) => [provider.id, provider.type]))
  const ids = providers.map((provider) => provider.id)
  const configured = ids.length === 0 ? 'no providers are configured' : `configured: ${ids.join(', ')}`
  return dataset.cases.flatMap((testCase) =>
    (testCase.config.valid.providers ?? []).flatMap((name, position) => {
      if (names.has(name)) return []
      const suggestion = closestName(name, ids)
      const hint = suggestion === null ? '' : `, did you mean "${suggestion}"?`
      const message = `${caseLabel(testCase)} names provider "${name}", which is not configured (${configured})${hint}`
      const text = { expected: ids.length === 0 ? 'a configured provider id' : `one of ${ids.join(', ')}`, found: `"${name}"`, message }
      return [issueAt(source, ['test_cases', testCase.index, 'config', 'providers', position], text)]
    }),
  )
}
