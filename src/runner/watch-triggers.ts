import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { globSync } from 'tinyglobby'
import { datasetPromptFiles } from '../dataset/load.ts'

/**
 * Watch mode: which dataset files read a changed prompt file. Vitest re-runs a
 * dataset when the dataset itself changes (it is the test file); this adds the
 * prompt files it reads. Results are cached per dataset by modification time.
 */
export function promptFileTrigger(root: string, include: readonly string[], exclude: readonly string[]) {
  const cache = new Map<string, { mtimeMs: number; prompts: string[] }>()
  const promptsOf = (dataset: string): string[] => {
    const mtimeMs = statSync(dataset, { throwIfNoEntry: false })?.mtimeMs ?? 0
    const hit = cache.get(dataset)
    if (hit && hit.mtimeMs === mtimeMs) return hit.prompts
    const prompts = datasetPromptFiles(dataset)
    cache.set(dataset, { mtimeMs, prompts })
    return prompts
  }
  return {
    pattern: /^(?!.*[\\/]node_modules[\\/]).*$/,
    testsToRun(file: string): string[] | undefined {
      const changed = resolve(file)
      const datasets = globSync([...include], { cwd: root, ignore: [...exclude], absolute: true }).map((f) => resolve(root, f))
      const users = datasets.filter((dataset) => dataset !== changed && promptsOf(dataset).includes(changed))
      return users.length > 0 ? users : undefined
    },
  }
}
