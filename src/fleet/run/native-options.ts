import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { LlmBenchOptions } from '../../config/options.ts'
import { VITEST_CONFIG_NAMES } from '../repository-datasets.ts'

/** A native repository's own llmBench project options, or why they could not be read. */
export interface NativeOptions {
  options: LlmBenchOptions | null
  /** The repository's config file, relative to the repository. */
  config: string | null
  warning: string | null
}

/** What the fleet sets itself on every project: a native project's own values of these are replaced. */
const FLEET_OWNED = ['name', 'datasets', 'tests', 'providers', 'outputDir', 'cases', 'maxConcurrency', 'scenario', 'resume', 'baseline', 'gates'] as const

interface LoadedConfig {
  config: { test?: { projects?: unknown[] } }
}
type LoadConfigFromFile = (env: { command: 'serve'; mode: string }, file: string, root: string, logLevel?: string) => Promise<LoadedConfig | null>

/**
 * Loads a native repository's `vitest.config.*` as Vitest would (Vite's
 * loadConfigFromFile, the repository's own imports resolved from it) and
 * returns the options of its first llmBench project, less what the fleet sets
 * itself (name, datasets, tests, providers, outputDir, cases, concurrency,
 * resume, baseline and gates): its custom evaluators, pricing, timeouts,
 * retries, judge and redaction settings are kept. A config that does not load
 * or has no llmBench project gives a warning, never a crash.
 */
export async function nativeOptions(repoDir: string): Promise<NativeOptions> {
  const file = VITEST_CONFIG_NAMES.map((name) => path.join(repoDir, name)).find((f) => existsSync(f))
  if (file === undefined) return { options: null, config: null, warning: `no vitest.config.* in ${repoDir}` }
  const config = path.relative(repoDir, file)
  try {
    const load = await viteLoadConfig()
    const loaded = await load({ command: 'serve', mode: 'test' }, file, repoDir, 'silent')
    const projects = loaded?.config.test?.projects ?? []
    for (const project of projects) {
      const options = llmBenchOptionsOf(project)
      if (options === null) continue
      const own: Record<string, unknown> = { ...options }
      for (const key of FLEET_OWNED) delete own[key]
      return { options: own as LlmBenchOptions, config, warning: null }
    }
    return { options: null, config, warning: `${config} has no llmBench project: the fleet's defaults are used` }
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
    return { options: null, config, warning: `${config} did not load (${message}): the fleet's defaults are used` }
  }
}

/** The resolved options an llmBench() project carries on its plugin (`api.llmBenchOptions`), or null for another project. */
function llmBenchOptionsOf(project: unknown): Record<string, unknown> | null {
  if (typeof project !== 'object' || project === null) return null
  const plugins = (project as { plugins?: unknown }).plugins
  if (!Array.isArray(plugins)) return null
  for (const plugin of plugins.flat(Infinity)) {
    if (typeof plugin !== 'object' || plugin === null) continue
    const { name, api } = plugin as { name?: unknown; api?: { llmBenchOptions?: unknown } }
    if (name === 'llm-test-bench' && typeof api?.llmBenchOptions === 'object' && api.llmBenchOptions !== null) return api.llmBenchOptions as Record<string, unknown>
  }
  return null
}

/** Vite's loadConfigFromFile, from the Vite that this Vitest runs on. */
async function viteLoadConfig(): Promise<LoadConfigFromFile> {
  const fromVitest = createRequire(createRequire(import.meta.url).resolve('vitest/package.json'))
  const vite = (await import(pathToFileURL(fromVitest.resolve('vite')).href)) as { loadConfigFromFile: LoadConfigFromFile }
  return vite.loadConfigFromFile
}
