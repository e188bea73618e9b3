import type { z } from 'zod'
import { checkMatcherOptions } from '../dataset/matcher-options.ts'
import type { DatasetIssue } from '../dataset/errors.ts'
import { issueAt } from '../dataset/locate.ts'
import type { ParsedSource } from '../dataset/parse-source.ts'
import { closestName } from '../dataset/suggest.ts'
import type { FleetManifest } from './manifest-schema.ts'

/**
 * Scenario names: each repository's `scenarios` must name profiles of
 * `scenario_profiles` (with a did-you-mean), each once; repository ids must be
 * unique; a profile's `dataset` stays inside the repository; its `assert`
 * entries name known matchers. (Two profiles of one name are duplicate keys,
 * found when the file is read.)
 */
export function checkScenarios(source: ParsedSource, manifest: FleetManifest, knownMatchers: ReadonlySet<string>, profiles: readonly string[] = Object.keys(manifest.scenario_profiles), matcherOptions: ReadonlyMap<string, z.ZodType> = new Map()): DatasetIssue[] {
  const issues: DatasetIssue[] = []
  const repoIds = new Map<string, number>()
  manifest.repositories.forEach((repo, repoIndex) => {
    const first = repoIds.get(repo.repo_id)
    if (first === undefined) repoIds.set(repo.repo_id, repoIndex)
    else {
      const message = `duplicate repo_id "${repo.repo_id}": repositories[${first}] has it too`
      issues.push(issueAt(source, ['repositories', repoIndex, 'repo_id'], { expected: 'a unique repo_id', found: `"${repo.repo_id}" again`, message }))
    }
    const seen = new Set<string>()
    repo.scenarios.forEach((name, index) => {
      const at = ['repositories', repoIndex, 'scenarios', index]
      if (!profiles.includes(name)) {
        const suggestion = closestName(name, profiles)
        const hint = suggestion === null ? ` (scenario_profiles has: ${profiles.join(', ') || 'none'})` : `, did you mean "${suggestion}"?`
        issues.push(issueAt(source, at, { expected: `one of ${profiles.join('|') || 'the scenario_profiles (none given)'}`, found: `"${name}"`, message: `unknown scenario "${name}"${hint}` }))
      } else if (seen.has(name)) {
        issues.push(issueAt(source, at, { expected: 'each scenario once', found: `"${name}" twice`, message: `duplicate scenario "${name}" in repository "${repo.repo_id}"` }))
      }
      seen.add(name)
    })
  })
  for (const [name, profile] of Object.entries(manifest.scenario_profiles)) {
    if (profile.dataset.startsWith('/') || /^[A-Za-z]:[\\/]/.test(profile.dataset) || profile.dataset.split(/[\\/]/).includes('..')) {
      const message = `scenario "${name}": dataset "${profile.dataset}" leaves the repository; give a file or glob relative to each repository's path`
      issues.push(issueAt(source, ['scenario_profiles', name, 'dataset'], { expected: 'a path or glob inside the repository', found: `"${profile.dataset}"`, message }))
    }
    ;(profile.assert ?? []).forEach((entry, index) => {
      const matcher = typeof entry === 'string' ? entry : (Object.keys(entry)[0] ?? '')
      if (knownMatchers.has(matcher)) return
      const suggestion = closestName(matcher, knownMatchers)
      const hint = suggestion === null ? '' : `, did you mean "${suggestion}"?`
      issues.push(issueAt(source, ['scenario_profiles', name, 'assert', index], { expected: 'a known matcher name', found: `"${matcher}"`, message: `unknown matcher "${matcher}" in scenario "${name}"${hint}` }))
    })
    // each entry's options against its matcher's schema, as a dataset's `assert` entries are checked
    issues.push(...checkMatcherOptions(source, ['scenario_profiles', name, 'assert'], (profile.assert ?? []).map((entry, index) => ({ index, entry })), matcherOptions))
  }
  return issues
}
