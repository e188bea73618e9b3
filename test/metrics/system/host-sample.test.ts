import { readFile } from 'node:fs/promises'
import { totalmem } from 'node:os'
import { describe, expect, test } from 'vitest'
import { cpuPercent, readCpuTimes, takeHostSample } from '../../../src/metrics/system/host-sample.ts'

describe('host samples', () => {
  test('CPU is the busy share of all cores between two readings', () => {
    expect(cpuPercent({ busy: 1000, total: 4000 }, { busy: 1300, total: 5000 })).toBe(30)
    expect(cpuPercent({ busy: 0, total: 0 }, { busy: 1, total: 3 })).toBe(33.3)
    // no time passed (two readings within one clock tick): 0, not NaN
    expect(cpuPercent({ busy: 10, total: 20 }, { busy: 10, total: 20 })).toBe(0)
  })

  test('readings of this machine grow, and a sample is within bounds', () => {
    const before = readCpuTimes()
    const end = Date.now() + 50
    while (Date.now() < end) {
      // spin so that some CPU time passes
    }
    const after = readCpuTimes()
    expect(after.total).toBeGreaterThanOrEqual(before.total)
    expect(after.busy).toBeGreaterThan(before.busy)
    const sample = takeHostSample(123, before, after)
    expect(sample.t).toBe(123)
    expect(sample.cpuPct).toBeGreaterThan(0)
    expect(sample.cpuPct).toBeLessThanOrEqual(100)
    expect(sample.memoryTotalBytes).toBe(totalmem())
  })

  test.runIf(process.platform === 'linux')('used memory is total minus MemAvailable, not minus MemFree', async () => {
    const meminfo = await readFile('/proc/meminfo', 'utf8')
    const kib = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(meminfo)?.[1]) * 1024
    const sample = takeHostSample(0, { busy: 0, total: 1 }, { busy: 0, total: 2 })
    const usedByAvailable = kib('MemTotal') - kib('MemAvailable')
    // memory moves between the two reads; 64 MiB is far below the MemFree/MemAvailable gap of a page cache
    expect(Math.abs(sample.memoryUsedBytes - usedByAvailable)).toBeLessThan(64 * 1024 * 1024)
  })
})
