import { mentionedNames } from '../dataset/load.ts'
import { knownMatcherNames, loadMatchers, matcherOptionSchemas } from '../evaluators/registry.ts'
import { validateFleet, type FleetValidation, type ValidateOptions } from './validate.ts'

/**
 * validateFleet with the option schemas of every matcher the manifest's
 * scenario profiles and its datasets name (loaded first, as a run loads
 * them), so a bad matcher option (a regex that does not compile, an unknown
 * key) is refused at its file:line:column before anything runs.
 */
export async function validateFleetWithMatchers(file: string, options: ValidateOptions = {}): Promise<FleetValidation> {
  const first = validateFleet(file, options)
  if (first.manifest === null) return first
  const known = knownMatcherNames()
  const names = new Set<string>()
  for (const profile of Object.values(first.manifest.scenario_profiles)) {
    for (const entry of profile.assert ?? []) names.add(typeof entry === 'string' ? entry : (Object.keys(entry)[0] ?? ''))
  }
  for (const dataset of new Set(first.groups.flatMap((g) => g.files))) for (const name of mentionedNames(dataset, known)) names.add(name)
  const wanted = [...names].filter((name) => known.includes(name))
  if (wanted.length === 0) return first
  return validateFleet(file, { ...options, matcherOptions: matcherOptionSchemas(await loadMatchers(wanted)) })
}
