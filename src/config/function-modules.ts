import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { ProviderSpec } from '../providers/spec.ts'

/**
 * Function providers whose module is not there (their path is relative to
 * Vitest's root): one problem each, said before any case runs. A function
 * needs no API key.
 */
export function functionModuleProblems(specs: readonly ProviderSpec[], root: string): string[] {
  const problems: string[] = []
  for (const spec of specs) {
    if (spec.type !== 'function') continue
    const file = resolve(root, spec.module)
    if (!existsSync(file)) problems.push(`function provider ${spec.id}: module ${JSON.stringify(spec.module)} not found (looked for ${file}; the path is relative to Vitest's root)`)
  }
  return problems
}
