import { availableParallelism } from 'node:os'
import type { TestProject, TestSpecification, Vitest } from 'vitest/node'
import type { ResolvedOptions } from '../config/options.ts'
import { isDatasetFile } from '../dataset/load.ts'
import { parseProviderSpec } from '../providers/spec.ts'
import { estimateCases } from './dataset-split-count.ts'
import { datasetPartOf, partCount, partModuleId } from './dataset-split.ts'
import type { RunMode } from './provided.ts'

/**
 * Where Vitest makes its test specifications (one per test file), in both
 * supported versions (4.1, 5): `vitest.specifications`, whose
 * `globTestSpecifications` serves a run (and `vitest list`, the filename
 * filter of watch mode) and whose `getModuleSpecifications` serves the re-runs
 * of watch mode and the UI. Not public API: when the shape differs, datasets
 * are not split (and the plugin says so once).
 */
interface Specifications {
  globTestSpecifications(filters?: string[]): Promise<TestSpecification[]>
  getModuleSpecifications(moduleId: string): TestSpecification[]
  ensureSpecificationCached(spec: TestSpecification): unknown
}

/** How many parts a dataset file of the project runs as (1: whole). */
export type PartsOf = (file: string) => number

interface Hook {
  projects: Map<TestProject, PartsOf>
  /** The current parts of each split file, by project name and file. */
  parts: Map<string, TestSpecification[]>
}

const hooks = new WeakMap<Vitest, Hook>()

/**
 * Makes Vitest run each dataset file of `project` as the parts `partsOf` asks
 * for: a file's specification becomes one per part (`<file>?llm-part=k-of-n`),
 * with the same test name and tag filters. A file asked for by line
 * (`vitest file:line`) or by test id (a re-run of one test) runs whole, as do
 * all files under `--changed`/`--related` (Vitest matches those against the
 * module graph, where parts are not). Returns false when this Vitest has no
 * place to hook in.
 */
export function splitDatasetModules(vitest: Vitest, project: TestProject, partsOf: PartsOf): boolean {
  let hook = hooks.get(vitest)
  if (!hook) {
    const specs = specificationsOf(vitest)
    if (!specs) return false
    hook = { projects: new Map(), parts: new Map() }
    hooks.set(vitest, hook)
    install(vitest, specs, hook)
  }
  hook.projects.set(project, partsOf)
  return true
}

function install(vitest: Vitest, specs: Specifications, hook: Hook): void {
  const glob = specs.globTestSpecifications.bind(specs)
  const byModule = specs.getModuleSpecifications.bind(specs)
  const expand = (spec: TestSpecification): TestSpecification[] => {
    const partsOf = hook.projects.get(spec.project)
    if (!partsOf || !splittable(vitest, spec)) return [spec]
    const key = `${spec.project.name}\0${spec.moduleId}`
    const count = partsOf(spec.moduleId)
    if (count <= 1) {
      hook.parts.delete(key)
      return [spec]
    }
    const options = { testNamePattern: spec.testNamePattern, testTagsFilter: spec.testTagsFilter, testNames: spec.testNames }
    const parts = Array.from({ length: count }, (_, i) => spec.project.createSpecification(partModuleId(spec.moduleId, { index: i + 1, count }), options, spec.pool))
    // a part is its own test module to Vitest: watch mode and the UI re-run it by its id
    for (const part of parts) specs.ensureSpecificationCached(part)
    hook.parts.set(key, parts)
    return parts
  }
  specs.globTestSpecifications = async (filters) => (await glob(filters)).flatMap(expand)
  specs.getModuleSpecifications = (moduleId) => {
    // a part's id: the current part (a part of an earlier split, e.g. before the file grew, is gone)
    if (datasetPartOf(moduleId).part) return [...hook.parts.values()].flat().filter((spec) => spec.moduleId === moduleId)
    return byModule(moduleId).flatMap(expand)
  }
}

function splittable(vitest: Vitest, spec: TestSpecification): boolean {
  if (spec.pool === 'typescript' || !isDatasetFile(spec.moduleId)) return false
  if ((spec.testLines?.length ?? 0) > 0 || (spec.testIds?.length ?? 0) > 0) return false
  const config = vitest.config as { changed?: unknown; related?: unknown }
  return !config.changed && !config.related
}

function specificationsOf(vitest: Vitest): Specifications | null {
  const specs: unknown = Reflect.get(vitest, 'specifications')
  if (typeof specs !== 'object' || specs === null) return null
  const has = (name: string): boolean => typeof Reflect.get(specs, name) === 'function'
  if (!has('globTestSpecifications') || !has('getModuleSpecifications') || !has('ensureSpecificationCached')) return null
  return specs as Specifications
}

/** The parts of each dataset file of a project, by its `split` option (see `partCount`). */
export function projectPartsOf(input: { vitest: Vitest; project: TestProject; options: ResolvedOptions; mode: RunMode }): PartsOf {
  const { vitest, project, options, mode } = input
  // a load profile's measurements need one schedule: the dataset stays in one worker
  const load: unknown = Reflect.get(options.bench, 'load')
  if (options.split === false || (mode === 'bench' && load !== undefined && load !== null && load !== false)) return () => 1
  const concurrency = options.providers.reduce<number>((sum, spec) => sum + parseProviderSpec(spec).concurrency, 0)
  const workers = workersOf(vitest, project)
  return (file) => {
    const cases = options.split === 'auto' ? estimateCases(file) : 0
    return partCount({ setting: options.split, tests: cases === null ? null : cases * options.providers.length, concurrency, workers })
  }
}

/** The project's Vitest workers: its resolved `maxWorkers` (Vitest 4 may leave it to the root config or to the cores). */
function workersOf(vitest: Vitest, project: TestProject): number {
  for (const value of [project.config.maxWorkers, vitest.config.maxWorkers]) if (typeof value === 'number' && value > 0) return value
  const cores = availableParallelism()
  return vitest.config.watch ? Math.max(Math.floor(cores / 2), 1) : Math.max(cores - 1, 1)
}
