import type { TestModule } from 'vitest/node'
import { VariantSetSchema, type VariantSet } from '../record/schema.ts'

/**
 * The prompt variants (`variants:`) a project's dataset modules carried in `meta().llmBenchVariants`
 * (from a blob too, `--merge-reports`): one per dataset (a split file's parts carry the same),
 * by dataset name. A value that is not a variant set is left out.
 */
export function variantSetsOf(modules: ReadonlyArray<TestModule>, projectName: string): VariantSet[] {
  const byDataset = new Map<string, VariantSet>()
  for (const m of modules) {
    if (m.project.name !== projectName) continue
    const parsed = VariantSetSchema.safeParse(m.meta().llmBenchVariants)
    if (parsed.success && !byDataset.has(parsed.data.dataset)) byDataset.set(parsed.data.dataset, parsed.data)
  }
  return [...byDataset.values()].sort((a, b) => (a.dataset < b.dataset ? -1 : a.dataset > b.dataset ? 1 : 0))
}
