import { resolve } from 'node:path'
import { globSync } from 'tinyglobby'
import { isDatasetFile } from '../dataset/load.ts'

/** What the trigger reads of Vite's module graphs (one per environment): a module's file and its importers. */
interface GraphModule {
  file: string | null
  importers: Set<GraphModule>
}
export interface ModuleGraphs {
  modulesByFile(file: string): Iterable<GraphModule>
}

/**
 * Watch mode: the datasets to re-run when a function provider's module
 * changes, or a module it imports (found through Vite's module graph: the
 * worker imports the function's module through Vite, so its imports are
 * known once it has run). A dataset file is not a module that imports the
 * function, so Vitest alone would re-run nothing.
 */
export function functionModuleTrigger(input: { root: string; modules: readonly string[]; include: readonly string[]; exclude: readonly string[]; graphs: ModuleGraphs }) {
  const modules = new Set(input.modules.map((m) => resolve(m)))
  const usesFunction = (changed: string): boolean => {
    if (modules.has(changed)) return true
    const seen = new Set<GraphModule>()
    const queue = [...input.graphs.modulesByFile(changed)]
    while (queue.length > 0) {
      const mod = queue.pop() as GraphModule
      if (seen.has(mod)) continue
      seen.add(mod)
      if (mod.file !== null && modules.has(resolve(mod.file))) return true
      queue.push(...mod.importers)
    }
    return false
  }
  return {
    pattern: /^(?!.*[\\/]node_modules[\\/]).*$/,
    testsToRun(file: string): string[] | undefined {
      if (!usesFunction(resolve(file))) return undefined
      const datasets = globSync([...input.include], { cwd: input.root, ignore: [...input.exclude], absolute: true }).filter((f) => isDatasetFile(f))
      return datasets.length > 0 ? datasets : undefined
    },
  }
}
