import { describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { covers, mergeIntervals } from '../../../src/metrics/system/in-flight.ts'
import { summarizeSystem } from '../../../src/metrics/system/summarize.ts'
import type { GpuSample, HostSample, SystemSamples } from '../../../src/metrics/system/types.ts'

const T0 = Date.parse('2025-01-07T10:00:00.000Z')
const iso = (ms: number): string => new Date(T0 + ms).toISOString()
const options = { minLocalGpuUtilizationPct: 80 }

/** A case record in flight from startedAt + queueMs to endedAt (ms after T0). */
function record(provider: string, providerType: string, startMs: number, queueMs: number, endMs: number, extra: Partial<CaseRecord> = {}): CaseRecord {
  return {
    runId: 'run-1', dataset: 'd', datasetFile: 'd.dataset.yaml', caseId: `${provider}-${startMs}`, category: null,
    provider, providerType, model: 'm', requestHash: '0123456789abcdef', prompt: 'p', output: 'o', finishReason: 'stop',
    status: 'passed', error: null, usage: { inputTokens: 1, outputTokens: 1, source: 'provider' }, cost: null,
    timings: { queueMs, ttftMs: null, e2eMs: endMs - startMs - queueMs, tpotMs: null, itlMs: [], streamed: false },
    serverTimings: null, attempts: 1, retries: 0, cached: false, evaluations: [], sample: null,
    startedAt: iso(startMs), endedAt: iso(endMs), ...extra,
  }
}

function gpu(ms: number, index: number, utilizationPct: number | null, powerW: number | null = 100): GpuSample {
  return { t: T0 + ms, gpu: index, utilizationPct, memoryUsedMiB: 1000 * (index + 1), memoryTotalMiB: 81559, temperatureC: 40 + index, powerW }
}

function hostAt(ms: number, cpuPct: number, memoryUsedBytes: number): HostSample {
  return { t: T0 + ms, cpuPct, memoryUsedBytes, memoryTotalBytes: 16e9 }
}

const gpus = [
  { index: 0, name: 'NVIDIA H100 80GB HBM3' },
  { index: 1, name: 'NVIDIA H100 80GB HBM3' },
]
// GPU samples every second for t = 0..6 s: GPU 0 busy, GPU 1 mostly idle (its [N/A] at 3 s is null)
const util0 = [0, 50, 70, 60, 90, 10, 0]
const util1 = [0, 10, 20, null, 0, 0, 0]
const box: SystemSamples = {
  host: 'gpu-box',
  intervalMs: 1000,
  startedAt: T0,
  gpu: { available: true, gpus },
  gpuSamples: util0.flatMap((u, i) => [gpu(i * 1000, 0, u), gpu(i * 1000, 1, util1[i] ?? null, i === 3 ? null : 60)]),
  hostSamples: [hostAt(500, 10, 4e9), hostAt(1500, 20, 5e9), hostAt(2500, 30, 6e9), hostAt(3500, 40, 5e9)],
}
const records = [
  // local: queued 0..1 s, in flight 1..3 s
  record('local', 'local', 0, 1000, 3000),
  // openai: in flight 2.5..5 s
  record('openai:gpt-4o-mini', 'openai', 2500, 0, 5000),
  // calls that were never made do not count: a cache hit and a replay during 5.5..6.5 s
  record('local', 'local', 5500, 0, 6500, { cached: true }),
  record('local', 'local', 5500, 0, 6500, { replayed: true }),
]

describe('summarizeSystem', () => {
  test('avg/peak over the run and per provider, by the cases in flight at each sample', () => {
    const report = summarizeSystem([box], records, options)
    expect(report.gpuUnavailable).toBeNull()
    expect(report.hosts).toEqual(['gpu-box'])
    expect(report.gpus).toEqual(gpus.map((g) => ({ host: 'gpu-box', ...g })))

    // the run: GPU 0 0+50+70+60+90+10+0 = 280 over 7, GPU 1 0+10+20+0+0+0 = 30 over 6 -> 310 / 13
    expect(report.gpu.utilizationPct.avg).toBeCloseTo(310 / 13, 10)
    expect(report.gpu.utilizationPct).toMatchObject({ peak: 90, samples: 13 })
    // memory: 7 samples of 1000 and 7 of 2000
    expect(report.gpu.memoryUsedMiB).toEqual({ avg: 1500, peak: 2000, samples: 14 })
    // power: GPU 0 seven times 100, GPU 1 six times 60 ([N/A] at 3 s) -> 1060 / 13
    expect(report.gpu.powerW.avg).toBeCloseTo(1060 / 13, 10)
    expect(report.host).toEqual({ cpuPct: { avg: 25, peak: 40, samples: 4 }, memoryUsedBytes: { avg: 5e9, peak: 6e9, samples: 4 } })

    // local in flight 1..3 s (the queue wait 0..1 s and the cached/replayed calls left out):
    // samples at 1, 2, 3 s: GPU 0 50, 70, 60; GPU 1 10, 20, null -> 210 / 5 = 42, peak 70
    const local = report.byProvider['local']!
    expect(local.gpu.utilizationPct).toEqual({ avg: 42, peak: 70, samples: 5 })
    // host samples at 1.5 and 2.5 s
    expect(local.host).toEqual({ cpuPct: { avg: 25, peak: 30, samples: 2 }, memoryUsedBytes: { avg: 5.5e9, peak: 6e9, samples: 2 } })

    // openai in flight 2.5..5 s: samples at 3, 4, 5 s: GPU 0 60, 90, 10; GPU 1 null, 0, 0 -> 160 / 5 = 32
    const openai = report.byProvider['openai:gpt-4o-mini']!
    expect(openai.gpu.utilizationPct).toEqual({ avg: 32, peak: 90, samples: 5 })
    expect(openai.host.cpuPct).toEqual({ avg: 35, peak: 40, samples: 2 })
    expect(Object.keys(report.byProvider)).toEqual(['local', 'openai:gpt-4o-mini'])

    // the local model's busiest GPU (GPU 0) averaged (50 + 70 + 60) / 3 = 60% < 80%
    expect(report.warnings).toEqual([
      'Local provider "local": average GPU utilization during its cases was 60% (peak 70%, 3 samples, gpu-box GPU 0, the busiest of 2), below the 80% minimum',
    ])
    expect(report.samples.gpu).toHaveLength(14)
    expect(report.samples.gpu[0]).toEqual({ ...box.gpuSamples[0], host: 'gpu-box' })
    expect(report.samples.host.map((s) => s.host)).toEqual(['gpu-box', 'gpu-box', 'gpu-box', 'gpu-box'])
  })

  test('no warning when the local model kept its GPU at or above the minimum, or for remote providers', () => {
    const atMinimum = summarizeSystem([box], records, { minLocalGpuUtilizationPct: 60 })
    expect(atMinimum.warnings).toEqual([])
    const remoteOnly = summarizeSystem([box], records.filter((r) => r.providerType !== 'local'), options)
    expect(remoteOnly.warnings).toEqual([])
  })

  test('one GPU: the warning names it plainly', () => {
    const single: SystemSamples = { ...box, gpu: { available: true, gpus: [gpus[0]!] }, gpuSamples: box.gpuSamples.filter((s) => s.gpu === 0) }
    expect(summarizeSystem([single], records, options).warnings).toEqual([
      'Local provider "local": average GPU utilization during its cases was 60% (peak 70%, 3 samples, gpu-box GPU 0), below the 80% minimum',
    ])
  })

  test('no GPU data anywhere: one unavailable line with the reason, no GPU warning, host figures still there', () => {
    const cpuOnly: SystemSamples = { ...box, gpu: { available: false, reason: 'GPU sampling unavailable: nvidia-smi not found on PATH' }, gpuSamples: [] }
    const report = summarizeSystem([cpuOnly], records, options)
    expect(report.gpuUnavailable).toBe('GPU sampling unavailable: nvidia-smi not found on PATH')
    expect(report.warnings).toEqual([])
    expect(report.gpus).toEqual([])
    expect(report.gpu.utilizationPct).toEqual({ avg: null, peak: null, samples: 0 })
    expect(report.byProvider['local']!.gpu.utilizationPct).toEqual({ avg: null, peak: null, samples: 0 })
    expect(report.host.cpuPct.avg).toBe(25)

    const other: SystemSamples = { ...cpuOnly, host: 'mac-mini', gpu: { available: false, reason: 'GPU sampling unavailable: nvidia-smi not found on PATH' } }
    const driverless: SystemSamples = { ...cpuOnly, host: 'a-box', gpu: { available: false, reason: 'GPU sampling unavailable: NVIDIA-SMI has failed' } }
    expect(summarizeSystem([other, cpuOnly, driverless], [], options).gpuUnavailable).toBe(
      'GPU sampling unavailable: NVIDIA-SMI has failed (a-box); nvidia-smi not found on PATH (gpu-box, mac-mini)',
    )
    expect(summarizeSystem([], records, options).gpuUnavailable).toBe('GPU sampling unavailable: no machine was sampled')
  })

  test('a fleet: hosts merged in a deterministic order whatever the input order; a host without GPU data is a warning', () => {
    const second: SystemSamples = {
      host: 'b-box',
      intervalMs: 1000,
      startedAt: T0 + 100,
      gpu: { available: true, gpus: [{ index: 0, name: 'NVIDIA GB10' }] },
      gpuSamples: [gpu(2000, 0, 100), gpu(1000, 0, 100)],
      hostSamples: [hostAt(2500, 50, 1e9)],
    }
    const laptop: SystemSamples = { host: 'laptop', intervalMs: 500, gpu: { available: false, reason: 'GPU sampling unavailable: nvidia-smi not found on PATH' }, gpuSamples: [], hostSamples: [] }
    const a = summarizeSystem([box, second, laptop], records, options)
    const b = summarizeSystem([laptop, second, box], [...records].reverse(), options)
    expect(b).toEqual(a)
    expect(JSON.stringify(b)).toBe(JSON.stringify(a))
    expect(a.hosts).toEqual(['b-box', 'gpu-box', 'laptop'])
    expect(a.gpus.map((g) => `${g.host}/${g.index}`)).toEqual(['b-box/0', 'gpu-box/0', 'gpu-box/1'])
    expect(a.samples.gpu.slice(0, 4).map((s) => `${s.t - T0}:${s.host}/${s.gpu}`)).toEqual(['0:gpu-box/0', '0:gpu-box/1', '1000:b-box/0', '1000:gpu-box/0'])
    // b-box's GPU averaged 100% during local's cases: the busiest GPU, so no warning
    expect(a.warnings).toEqual(['GPU sampling unavailable on laptop: nvidia-smi not found on PATH'])
    expect(a.gpuUnavailable).toBeNull()
  })

  test('repeated snapshots of one sampler (a shard saving at each module end) are counted once', () => {
    const early: SystemSamples = { ...box, gpuSamples: box.gpuSamples.slice(0, 4), hostSamples: box.hostSamples.slice(0, 1) }
    expect(summarizeSystem([early, box, early], records, options)).toEqual(summarizeSystem([box], records, options))
  })
})

describe('in-flight intervals', () => {
  test('merged, and both ends included', () => {
    const merged = mergeIntervals([{ start: 50, end: 60 }, { start: 10, end: 20 }, { start: 15, end: 30 }, { start: 30, end: 40 }])
    expect(merged).toEqual([{ start: 10, end: 40 }, { start: 50, end: 60 }])
    expect([9, 10, 40, 41, 50, 55, 60, 61].map((t) => covers(merged, t))).toEqual([false, true, true, false, true, true, true, false])
    expect(covers([], 0)).toBe(false)
  })

  test('a sample at the end of the queue wait and one at endedAt belong to the case; one while it queued does not', () => {
    const one = (ms: number): SystemSamples => ({ ...box, gpuSamples: [gpu(ms, 0, 10)], hostSamples: [] })
    const rec = [record('local', 'local', 1000, 500, 2000)]
    expect(summarizeSystem([one(1500)], rec, options).byProvider['local']!.gpu.utilizationPct.samples).toBe(1)
    expect(summarizeSystem([one(2000)], rec, options).byProvider['local']!.gpu.utilizationPct.samples).toBe(1)
    expect(summarizeSystem([one(1499)], rec, options).byProvider['local']!.gpu.utilizationPct.samples).toBe(0)
    expect(summarizeSystem([one(2001)], rec, options).byProvider['local']!.gpu.utilizationPct.samples).toBe(0)
  })
})

describe('summarizeSystem on a fleet', () => {
  test("a sample counts for a provider only when it had a call in flight on the sample's own machine", () => {
    const other: SystemSamples = {
      host: 'box-b',
      intervalMs: 1000,
      startedAt: T0,
      gpu: { available: true, gpus: [{ index: 0, name: 'NVIDIA H100 80GB HBM3' }] },
      // box-b's GPU is at 20% the whole time
      gpuSamples: [0, 1000, 2000, 3000, 4000].map((ms) => gpu(ms, 0, 20)),
      hostSamples: [],
    }
    const a: SystemSamples = { ...other, host: 'box-a', gpuSamples: [0, 1000, 2000, 3000, 4000].map((ms) => gpu(ms, 0, 90)) }
    const fleet = [
      // both providers in flight 0..4 s at the same time, local on box-a, openai on box-b
      record('local', 'local', 0, 0, 4000, { host: 'box-a' }),
      record('openai:gpt-4o-mini', 'openai', 0, 0, 4000, { host: 'box-b' }),
    ]
    const report = summarizeSystem([a, other], fleet, options)
    expect(report.hosts).toEqual(['box-a', 'box-b'])
    expect(report.byProvider['local']?.gpu.utilizationPct).toEqual({ avg: 90, peak: 90, samples: 5 })
    expect(report.byProvider['openai:gpt-4o-mini']?.gpu.utilizationPct).toEqual({ avg: 20, peak: 20, samples: 5 })
    // the local model's own machine was busy enough: no warning from box-b's idle GPU
    expect(report.warnings).toEqual([])
    // without hosts (older records) every machine's samples count by time
    const untied = summarizeSystem([a, other], fleet.map(({ host: _host, ...r }) => r), options)
    expect(untied.byProvider['local']?.gpu.utilizationPct).toMatchObject({ avg: 55, samples: 10 })
  })
})
