import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { HostSamples, readSystemSection } from '../../../src/fleet/results/host-samples.ts'
import { writeStableJsonFile } from '../../../src/record/stable-json-file.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'host-samples-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const GiB = 1024 ** 3
/** A results.json as the reporter writes it (keys sorted, 2-space indent), cases holding nested "system" keys of their own. */
function resultsJson(name: string, system: unknown): string {
  const file = path.join(dir, name)
  const cases = Array.from({ length: 50 }, (_, i) => ({ caseId: `c${i}`, request: { system: 'You are terse.', messages: [{ role: 'user', content: '"system": {"samples": 1}' }] } }))
  writeStableJsonFile(file, { runId: name, cases, summary: { cases: 50 }, system })
  return file
}

describe('per-host system samples of a fleet', () => {
  test('the results.json system section is read from the end (nested "system" keys of cases do not fool it)', () => {
    const system = { gpuUnavailable: null, gpus: [{ index: 0, name: 'NVIDIA H100', host: 'gpu-a' }], samples: { host: [{ host: 'gpu-a', t: 1, cpuPct: 50, memoryUsedBytes: 4 * GiB, memoryTotalBytes: 16 * GiB }], gpu: [{ host: 'gpu-a', t: 1, gpu: 0, utilizationPct: 90, memoryUsedMiB: 30000 }] } }
    expect(readSystemSection(resultsJson('a.json', system))).toEqual(system)
    expect(readSystemSection(resultsJson('none.json', null))).toBeNull()
    expect(readSystemSection(path.join(dir, 'missing.json'))).toBeNull()
    writeFileSync(path.join(dir, 'torn.json'), '{\n  "cases": [],\n  "system": {"samples": ')
    expect(readSystemSection(path.join(dir, 'torn.json'))).toBeNull()
  })

  test('figures per host: a machine sampled by two cells counts once; a host without GPUs says why', () => {
    const samples = new HostSamples()
    const a = { gpus: [{ index: 0, name: 'NVIDIA H100', host: 'gpu-a' }], samples: { host: [{ host: 'gpu-a', t: 1, cpuPct: 20, memoryUsedBytes: 2 * GiB, memoryTotalBytes: 16 * GiB }, { host: 'gpu-a', t: 2, cpuPct: 60, memoryUsedBytes: 6 * GiB, memoryTotalBytes: 16 * GiB }], gpu: [{ host: 'gpu-a', t: 1, gpu: 0, utilizationPct: 80, memoryUsedMiB: 1000 }, { host: 'gpu-a', t: 2, gpu: 0, utilizationPct: 100, memoryUsedMiB: 3000 }] } }
    samples.add(a)
    samples.add(a) // the same machine's samples, carried by another cell's run
    samples.add({ gpuUnavailable: 'nvidia-smi not found on PATH', gpus: [], samples: { host: [{ host: 'cpu-b', t: 1, cpuPct: 10, memoryUsedBytes: GiB, memoryTotalBytes: 8 * GiB }], gpu: [] } })
    samples.add(null)
    expect(samples.hosts().sort()).toEqual(['cpu-b', 'gpu-a'])
    expect(samples.of('gpu-a')).toEqual({ cpuPct: { avg: 40, peak: 60, samples: 2 }, memoryPeakBytes: 6 * GiB, memoryTotalBytes: 16 * GiB, gpus: [{ index: 0, name: 'NVIDIA H100' }], gpuUtilizationPct: { avg: 90, peak: 100, samples: 2 }, gpuMemoryPeakMiB: 3000, gpuUnavailable: null })
    expect(samples.of('cpu-b')).toMatchObject({ cpuPct: { avg: 10, peak: 10, samples: 1 }, gpus: [], gpuUtilizationPct: { avg: null, peak: null, samples: 0 }, gpuMemoryPeakMiB: null, gpuUnavailable: 'nvidia-smi not found on PATH' })
    expect(samples.of('elsewhere')).toBeNull()
  })
})
