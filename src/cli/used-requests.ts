import { loadDataset } from '../dataset/load.ts'
import { knownMatcherNames } from '../evaluators/registry.ts'
import { parseProviderSpec } from '../providers/spec.ts'
import { requestHash } from '../record/request-hash.ts'
import { buildRequest, requestTarget } from '../runner/build-request.ts'
import { providersOf } from '../runner/case-tests.ts'

/** What a project's options say about its requests. */
export interface RequestSource {
  /** The `providers` option as given. */
  providers: readonly unknown[]
  /** Names of the custom evaluators (datasets may assert them). */
  customEvaluators: readonly string[]
}

/**
 * The request hashes each dataset file sends now: every case on every
 * provider it runs on, built and hashed exactly as the runner does (provider
 * defaults under the dataset's and case's parameters; a local model's key from
 * its file, found as the worker finds it: cwd and environment of this process).
 */
export async function usedRequests(source: RequestSource, datasetFiles: readonly string[]): Promise<Map<string, Set<string>>> {
  const specs = source.providers.map((input) => parseProviderSpec(input))
  const targets = new Map(await Promise.all(specs.map(async (spec) => [spec.id, await requestTarget(spec)] as const)))
  const knownMatchers = new Set([...knownMatcherNames(), ...source.customEvaluators])
  const used = new Map<string, Set<string>>()
  for (const file of datasetFiles) {
    const dataset = loadDataset(file, { knownMatchers })
    const hashes = new Set<string>()
    for (const testCase of dataset.cases) {
      for (const spec of providersOf(testCase, specs)) {
        const target = targets.get(spec.id)
        if (target) hashes.add(requestHash(target, buildRequest(testCase, spec)))
      }
    }
    used.set(dataset.file, hashes)
  }
  return used
}
