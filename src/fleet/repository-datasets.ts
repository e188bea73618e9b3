import fs from 'node:fs'
import path from 'node:path'
import { globSync } from 'tinyglobby'
import type { DatasetIssue } from '../dataset/errors.ts'
import { issueAt } from '../dataset/locate.ts'
import type { ParsedSource } from '../dataset/parse-source.ts'
import { DEFAULT_GENERIC_DATASETS, type FleetManifest, type FleetRepository } from './manifest-schema.ts'

/** The Vitest config files a native repository may have (as Vitest looks for them). */
export const VITEST_CONFIG_NAMES = ['vitest.config.ts', 'vitest.config.mts', 'vitest.config.cts', 'vitest.config.js', 'vitest.config.mjs', 'vitest.config.cjs']

/** One repository × scenario pair and the dataset files it runs (absolute, sorted). */
export interface RepositoryScenario {
  repoIndex: number
  repo: FleetRepository
  /** Absolute path of the repository. */
  repoDir: string
  scenario: string
  files: string[]
}

export interface FoundDatasets {
  pairs: RepositoryScenario[]
  issues: DatasetIssue[]
}

/**
 * Each repository's folder (relative to the manifest) must exist; a native one
 * must hold a vitest.config.* that uses llmBench (checked on its text: the
 * config is not run here), a generic one dataset files under its `datasets`
 * globs. Then, for every scenario it names that the manifest defines, the
 * scenario's `dataset` file or glob must find at least one dataset file in it
 * (a generic repository: among its `datasets`).
 */
export function findRepositoryDatasets(source: ParsedSource, manifest: FleetManifest, manifestDir: string): FoundDatasets {
  const pairs: RepositoryScenario[] = []
  const issues: DatasetIssue[] = []
  manifest.repositories.forEach((repo, repoIndex) => {
    const at = (field: string | number, ...rest: (string | number)[]): (string | number)[] => ['repositories', repoIndex, field, ...rest]
    const repoDir = path.resolve(manifestDir, repo.path)
    if (!isDirectory(repoDir)) {
      const found = fs.existsSync(repoDir) ? `a file at ${repoDir}` : `nothing at ${repoDir}`
      issues.push(issueAt(source, at('path'), { expected: 'a repository folder, relative to the manifest', found, message: `repository "${repo.repo_id}": path "${repo.path}" is not a folder (${found})` }))
      return
    }
    let available: Set<string> | null = null
    if (repo.adapter === 'native') {
      issues.push(...nativeIssues(source, repo, repoDir, at))
    } else {
      const globs = repo.datasets ?? DEFAULT_GENERIC_DATASETS
      available = new Set(datasetGlob(globs, repoDir))
      if (available.size === 0) {
        const message = `repository "${repo.repo_id}": no dataset file matches ${globs.map((g) => `"${g}"`).join(', ')} under ${repo.path}`
        issues.push(issueAt(source, at(repo.datasets === undefined ? 'adapter' : 'datasets'), { expected: 'globs that find dataset files', found: 'no file', message }))
        return
      }
    }
    repo.scenarios.forEach((scenario, scenarioIndex) => {
      const profile = manifest.scenario_profiles[scenario]
      if (profile === undefined) return // an unknown scenario: said by the scenario checks
      if (path.isAbsolute(profile.dataset) || profile.dataset.split(/[\\/]/).includes('..')) return // said by the scenario checks
      const matched = datasetGlob([profile.dataset], repoDir)
      const files = available === null ? matched : matched.filter((file) => available.has(file))
      if (files.length === 0) {
        const among = available === null ? '' : ' among its datasets'
        const message = `repository "${repo.repo_id}" holds no dataset for scenario "${scenario}": "${profile.dataset}" finds no dataset file under ${repo.path}${among}`
        issues.push(issueAt(source, at('scenarios', scenarioIndex), { expected: `a dataset file matching "${profile.dataset}"`, found: 'no file', message }))
        return
      }
      pairs.push({ repoIndex, repo, repoDir, scenario, files })
    })
  })
  return { pairs, issues }
}

function nativeIssues(source: ParsedSource, repo: FleetRepository, repoDir: string, at: (field: string) => (string | number)[]): DatasetIssue[] {
  const issues: DatasetIssue[] = []
  if (repo.datasets !== undefined) {
    const message = `repository "${repo.repo_id}": "datasets" is for the generic adapter; a native repository's datasets are its scenarios' "dataset" files`
    issues.push(issueAt(source, at('datasets'), { expected: 'no "datasets" with adapter native', found: '"datasets"', message }, 'key'))
  }
  const config = VITEST_CONFIG_NAMES.map((name) => path.join(repoDir, name)).find((file) => fs.existsSync(file))
  if (config === undefined) {
    const message = `repository "${repo.repo_id}" uses the native adapter but has no vitest.config.* (looked for ${VITEST_CONFIG_NAMES.join(', ')} in ${repo.path})`
    issues.push(issueAt(source, at('adapter'), { expected: 'a vitest.config.* with llmBench projects', found: 'no Vitest config', message }))
  } else if (!fs.readFileSync(config, 'utf8').includes('llmBench(')) {
    const message = `repository "${repo.repo_id}": ${path.basename(config)} has no llmBench(...) project; use adapter generic, or add one`
    issues.push(issueAt(source, at('adapter'), { expected: 'a Vitest config with llmBench projects', found: 'a config without llmBench', message }))
  }
  return issues
}

/** Dataset-format files (YAML or JSON) the globs find under `dir`: absolute, sorted; node_modules and .git left out. */
function datasetGlob(globs: readonly string[], dir: string): string[] {
  return globSync([...globs], { cwd: dir, absolute: true, onlyFiles: true, ignore: ['**/node_modules/**', '**/.git/**'] })
    .filter((file) => /\.(ya?ml|json)$/i.test(file))
    .map((file) => path.resolve(file))
    .sort()
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory()
  } catch {
    return false
  }
}
