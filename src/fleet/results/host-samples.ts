import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { z } from 'zod'

/** What a host did while the fleet ran on it, from the system samples its cells' runs carried. */
export const FleetHostSystemSchema = z.object({
  cpuPct: z.object({ avg: z.number().nullable(), peak: z.number().nullable(), samples: z.int().min(0) }),
  memoryPeakBytes: z.number().nullable(),
  memoryTotalBytes: z.number().nullable(),
  gpus: z.array(z.object({ index: z.int(), name: z.string() })),
  gpuUtilizationPct: z.object({ avg: z.number().nullable(), peak: z.number().nullable(), samples: z.int().min(0) }),
  gpuMemoryPeakMiB: z.number().nullable(),
  /** Why there are no GPU samples (no nvidia-smi...), or null. */
  gpuUnavailable: z.string().nullable(),
})
export type FleetHostSystem = z.infer<typeof FleetHostSystemSchema>

const SampleSection = z.looseObject({
  gpuUnavailable: z.string().nullable().optional(),
  gpus: z.array(z.looseObject({ index: z.number(), name: z.string(), host: z.string() })).optional(),
  samples: z
    .looseObject({
      gpu: z.array(z.looseObject({ host: z.string(), t: z.number(), gpu: z.number(), utilizationPct: z.number().nullable(), memoryUsedMiB: z.number().nullable() })),
      host: z.array(z.looseObject({ host: z.string(), t: z.number(), cpuPct: z.number(), memoryUsedBytes: z.number(), memoryTotalBytes: z.number() })),
    })
    .optional(),
})
type Section = z.infer<typeof SampleSection>

/** The top-level `system` key of a results.json: the last key (keys are sorted), at two spaces of indent. */
const MARKER = '\n  "system": '
const CHUNK = 1 << 20

/**
 * The `system` section of a run's results.json, read from the file's end
 * (it is the last key), so a large run's cases are not parsed again. Null
 * when the file is missing, has no such section, or it is null or unreadable.
 */
export function readSystemSection(file: string): Section | null {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch {
    return null
  }
  try {
    const size = fstatSync(fd).size
    let tail = Buffer.alloc(0)
    for (let end = size; end > 0 && tail.length < 256 * CHUNK; ) {
      const start = Math.max(0, end - CHUNK)
      const chunk = Buffer.alloc(end - start)
      readSync(fd, chunk, 0, chunk.length, start)
      tail = Buffer.concat([chunk, tail])
      end = start
      const at = tail.lastIndexOf(MARKER)
      if (at === -1) continue
      const text = tail.subarray(at + MARKER.length).toString('utf8').trimEnd()
      // the section, then the object's closing brace
      const json = text.endsWith('}') ? text.slice(0, -1) : text
      const parsed = SampleSection.safeParse(JSON.parse(json))
      return parsed.success ? parsed.data : null
    }
    return null
  } catch {
    return null
  } finally {
    closeSync(fd)
  }
}

/** Per host, over every run folder's samples; a machine's samples carried by several cells' runs count once. */
export class HostSamples {
  readonly #cpu = new Map<string, Map<number, { cpu: number; mem: number; total: number }>>()
  readonly #gpu = new Map<string, Map<string, { util: number | null; mem: number | null }>>()
  readonly #gpus = new Map<string, Map<number, string>>()
  readonly #unavailable = new Map<string, string>()

  add(section: Section | null): void {
    if (section === null) return
    for (const s of section.samples?.host ?? []) mapOf(this.#cpu, s.host).set(s.t, { cpu: s.cpuPct, mem: s.memoryUsedBytes, total: s.memoryTotalBytes })
    for (const s of section.samples?.gpu ?? []) mapOf(this.#gpu, s.host).set(`${s.gpu}@${s.t}`, { util: s.utilizationPct, mem: s.memoryUsedMiB })
    for (const g of section.gpus ?? []) mapOf(this.#gpus, g.host).set(g.index, g.name)
    const hosts = new Set((section.samples?.host ?? []).map((s) => s.host))
    if (typeof section.gpuUnavailable === 'string') for (const host of hosts) if (!this.#gpus.has(host)) this.#unavailable.set(host, section.gpuUnavailable)
  }

  /** The host's figures, or null when no run carried samples of it. */
  of(host: string): FleetHostSystem | null {
    const cpu = [...(this.#cpu.get(host)?.values() ?? [])]
    const gpu = [...(this.#gpu.get(host)?.values() ?? [])]
    if (cpu.length === 0 && gpu.length === 0) return null
    const util = gpu.map((g) => g.util).filter((v): v is number => v !== null)
    const gpuMem = gpu.map((g) => g.mem).filter((v): v is number => v !== null)
    const gpus = [...(this.#gpus.get(host) ?? new Map<number, string>())].sort(([a], [b]) => a - b).map(([index, name]) => ({ index, name }))
    return {
      cpuPct: avgPeak(cpu.map((c) => c.cpu)),
      memoryPeakBytes: cpu.length === 0 ? null : Math.max(...cpu.map((c) => c.mem)),
      memoryTotalBytes: cpu.length === 0 ? null : Math.max(...cpu.map((c) => c.total)),
      gpus,
      gpuUtilizationPct: avgPeak(util),
      gpuMemoryPeakMiB: gpuMem.length === 0 ? null : Math.max(...gpuMem),
      gpuUnavailable: gpus.length > 0 ? null : (this.#unavailable.get(host) ?? null),
    }
  }

  hosts(): string[] {
    return [...new Set([...this.#cpu.keys(), ...this.#gpu.keys()])]
  }
}

function mapOf<K, V>(outer: Map<string, Map<K, V>>, key: string): Map<K, V> {
  let inner = outer.get(key)
  if (!inner) outer.set(key, (inner = new Map()))
  return inner
}

function avgPeak(values: readonly number[]): { avg: number | null; peak: number | null; samples: number } {
  if (values.length === 0) return { avg: null, peak: null, samples: 0 }
  let sum = 0
  let peak = -Infinity
  for (const v of values) {
    sum += v
    if (v > peak) peak = v
  }
  return { avg: Math.round((sum / values.length) * 10) / 10, peak, samples: values.length }
}
