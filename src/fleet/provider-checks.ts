import type { DatasetIssue } from '../dataset/errors.ts'
import { issueAt } from '../dataset/locate.ts'
import type { ParsedSource } from '../dataset/parse-source.ts'
import { missingKeys } from '../providers/keys.ts'
import { describeProviderSpec, parseProviderSpec, ProviderSpecError, type ProviderSpec } from '../providers/spec.ts'
import type { FleetManifest } from './manifest-schema.ts'

export interface CheckedProviders {
  /** The specs that parse, in manifest order (with their index in `providers`). */
  specs: Array<{ index: number; spec: ProviderSpec }>
  issues: DatasetIssue[]
}

/**
 * Each provider spec parsed as `llmBench()` parses it; two specs with one id;
 * and, unless the run replays recordings, each provider whose API key is not
 * set (the preflight's own check: `missingKeys`). Messages never hold a key.
 */
export function checkProviders(source: ParsedSource, manifest: FleetManifest, env: NodeJS.ProcessEnv, replay: boolean): CheckedProviders {
  const specs: CheckedProviders['specs'] = []
  const issues: DatasetIssue[] = []
  manifest.providers.forEach((input, index) => {
    try {
      specs.push({ index, spec: parseProviderSpec(input) })
    } catch (error) {
      if (!(error instanceof ProviderSpecError)) throw error
      const detail = error.message.split('\n').slice(0, -1).map((line) => line.trim()).join(' ')
      issues.push(issueAt(source, ['providers', index], { expected: 'a provider spec as llmBench() takes it (see docs/providers.md)', found: describeProviderSpec(input), message: detail }))
    }
  })
  const firstIndex = new Map<string, number>()
  for (const { index, spec } of specs) {
    const first = firstIndex.get(spec.id)
    if (first === undefined) {
      firstIndex.set(spec.id, index)
      continue
    }
    const message = `duplicate provider id "${spec.id}": providers[${first}] has it too; give one an "id"`
    issues.push(issueAt(source, ['providers', index], { expected: 'a unique provider id', found: `"${spec.id}" again`, message }))
  }
  if (!replay) {
    for (const missing of missingKeys(specs.map((s) => s.spec), env)) {
      const index = specs.find((s) => s.spec.id === missing.providerId)?.index ?? 0
      const message = `provider "${missing.providerId}" needs an API key: ${missing.variable} is not set (set it, or replay recordings with LLM_BENCH_CACHE=replay)`
      issues.push(issueAt(source, ['providers', index], { expected: `${missing.variable} set in the environment`, found: `${missing.variable} unset`, message }))
    }
  }
  return { specs, issues }
}
