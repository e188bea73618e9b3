import type { SystemSamples } from './types.ts'

/**
 * One SystemSamples per sampler: snapshots of the same sampler (same host and startedAt, e.g. taken
 * at several module ends of one shard) each hold every sample so far, so only the one with the most
 * samples is kept; the others would count samples twice. Entries without startedAt are all kept.
 * Order of the input is kept.
 */
export function latestSnapshots(all: readonly SystemSamples[]): SystemSamples[] {
  const best = new Map<string, SystemSamples>()
  const size = (s: SystemSamples): number => s.gpuSamples.length + s.hostSamples.length
  for (const s of all) {
    if (s.startedAt === undefined) continue
    const key = `${s.host}\u0000${s.startedAt}`
    const kept = best.get(key)
    if (kept === undefined || size(s) > size(kept) || (size(s) === size(kept) && s.gpu.available && !kept.gpu.available)) best.set(key, s)
  }
  return all.filter((s) => s.startedAt === undefined || best.get(`${s.host}\u0000${s.startedAt}`) === s)
}
