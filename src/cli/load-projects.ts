import type { ResolvedOptions } from '../config/options.ts'
import { isDatasetFile } from '../dataset/load.ts'
import { CACHE_ENV } from '../providers/cache/mode.ts'

/** One llmBench project of the Vitest config: its options and its dataset files. */
export interface LoadedProject {
  name: string
  options: ResolvedOptions
  /** Absolute paths, sorted. */
  datasetFiles: string[]
}

/**
 * The llmBench projects of the Vitest config in `cwd` that `names` picks, as
 * Vitest resolves them (config file, `datasets` globs and `exclude`), without
 * running anything. Loaded as a replay run would be (no API key is needed).
 * Throws when a named project is not an llmBench project of the config.
 */
export async function loadProjects(names: readonly string[], cwd: string): Promise<LoadedProject[]> {
  const { createVitest } = await import('vitest/node')
  const saved = process.env[CACHE_ENV]
  // the plugin checks API keys unless the run replays: listing requests needs none
  process.env[CACHE_ENV] = 'replay'
  let vitest
  try {
    vitest = await createVitest('test', { project: [...names], watch: false, run: true, root: cwd }, {}, { stdout: process.stderr, stderr: process.stderr })
  } finally {
    if (saved === undefined) delete process.env[CACHE_ENV]
    else process.env[CACHE_ENV] = saved
  }
  try {
    const loaded: LoadedProject[] = []
    for (const project of vitest.projects) {
      const options = project.getProvidedContext().llmBenchOptions
      if (!options) continue
      const { testFiles } = await project.globTestFiles()
      loaded.push({ name: project.name, options, datasetFiles: testFiles.filter(isDatasetFile).sort() })
    }
    const missing = names.filter((name) => !loaded.some((p) => p.name === name))
    if (missing.length > 0) {
      const known = loaded.map((p) => p.name)
      throw new Error(`no llmBench project ${missing.map((n) => `"${n}"`).join(', ')} in the Vitest config of ${cwd}${known.length ? ` (found: ${known.join(', ')})` : ''}`)
    }
    return loaded
  } finally {
    await vitest.close()
  }
}
