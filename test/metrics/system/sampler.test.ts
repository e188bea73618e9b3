import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir, totalmem } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { startSystemSampler, type SystemSampler } from '../../../src/metrics/system/sampler.ts'

// Real child processes: stand-ins for nvidia-smi (test/fixtures/nvidia-smi/*/nvidia-smi) put first on
// the sampler's PATH, exactly as a real one would be found.
const fixtures = fileURLToPath(new URL('../../fixtures/nvidia-smi/', import.meta.url))
const samplerModule = fileURLToPath(new URL('../../../src/metrics/system/sampler.ts', import.meta.url))
const pathWith = (variant: string): string => `${join(fixtures, variant)}${delimiter}${process.env.PATH ?? ''}`

let scratch: string
let pidFiles = 0
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'llm-bench-sampler-'))
})
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true })
})

/** A file the stand-in writes its pid to. */
function pidFile(): string {
  return join(scratch, `pid-${++pidFiles}`)
}

async function pidIn(file: string): Promise<number> {
  return vi.waitFor(async () => Number(await readFile(file, 'utf8')), { timeout: 15_000, interval: 20 })
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Processes whose parent is this one and whose command line mentions nvidia-smi (Linux /proc). */
async function nvidiaSmiChildren(): Promise<number[]> {
  const found: number[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid !== process.pid) continue
      if ((await readFile(`/proc/${entry}/cmdline`, 'utf8')).includes('nvidia-smi')) found.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return found
}

async function stopPromptly(sampler: SystemSampler) {
  const t0 = performance.now()
  const samples = await sampler.stop()
  return { samples, stopMs: performance.now() - t0 }
}

// Linux: the stand-ins are POSIX scripts and the no-leftover-process checks read /proc.
describe.runIf(process.platform === 'linux')('startSystemSampler', () => {
  test('samples both GPUs from one long-running nvidia-smi and the machine; stop() is prompt and leaves no process', async () => {
    const file = pidFile()
    const sampler = startSystemSampler({
      intervalMs: 100,
      nvidiaSmi: 'nvidia-smi',
      host: 'gpu-box',
      env: { PATH: pathWith('two-gpus'), STAND_IN_NVIDIA_SMI_PID_FILE: file },
    })
    // nothing can have arrived yet: the process is only starting
    expect(sampler.snapshot().gpu).toEqual({ available: false, reason: 'GPU sampling unavailable: no sample from nvidia-smi yet' })
    const pid = await pidIn(file)
    await vi.waitFor(() => expect(sampler.snapshot().gpuSamples.length).toBeGreaterThanOrEqual(6), { timeout: 15_000, interval: 20 })
    await vi.waitFor(() => expect(sampler.snapshot().hostSamples.length).toBeGreaterThanOrEqual(2), { timeout: 15_000, interval: 20 })
    expect(await nvidiaSmiChildren()).toEqual([pid])

    const { samples, stopMs } = await stopPromptly(sampler)
    expect(stopMs).toBeLessThan(1500)
    expect(alive(pid)).toBe(false)
    expect(await nvidiaSmiChildren()).toEqual([])

    expect(samples).toMatchObject({ host: 'gpu-box', intervalMs: 100 })
    expect(samples.gpu).toEqual({ available: true, gpus: [{ index: 0, name: 'NVIDIA H100 80GB HBM3' }, { index: 1, name: 'NVIDIA H100 80GB HBM3' }] })
    const gpu0 = samples.gpuSamples.filter((s) => s.gpu === 0)
    const gpu1 = samples.gpuSamples.filter((s) => s.gpu === 1)
    // the stand-in's utilization sequence for GPU 0: (37 + 29 n) % 101
    expect(gpu0.slice(0, 3).map((s) => s.utilizationPct)).toEqual([37, 66, 95])
    expect(gpu0[0]).toMatchObject({ memoryUsedMiB: 1234, memoryTotalMiB: 81559, temperatureC: 45, powerW: 120.34 })
    expect(gpu1[0]).toMatchObject({ utilizationPct: 0, memoryUsedMiB: 1, powerW: null })
    for (let i = 1; i < samples.gpuSamples.length; i++) expect(samples.gpuSamples[i]!.t).toBeGreaterThanOrEqual(samples.gpuSamples[i - 1]!.t)

    for (const h of samples.hostSamples) {
      expect(h.cpuPct).toBeGreaterThanOrEqual(0)
      expect(h.cpuPct).toBeLessThanOrEqual(100)
      expect(h.memoryTotalBytes).toBe(totalmem())
      expect(h.memoryUsedBytes).toBeGreaterThan(0)
      expect(h.memoryUsedBytes).toBeLessThanOrEqual(h.memoryTotalBytes)
    }
    // stop() is idempotent and the result no longer grows
    expect((await sampler.stop()).gpuSamples).toHaveLength(samples.gpuSamples.length)
  })

  test('snapshot() is a copy of the samples so far, stamped with the given clock', async () => {
    let clock = 1_700_000_000_000
    const sampler = startSystemSampler({ intervalMs: 50, nvidiaSmi: join(fixtures, 'two-gpus', 'nvidia-smi'), now: () => (clock += 10) })
    await vi.waitFor(() => expect(sampler.snapshot().gpuSamples.length).toBeGreaterThanOrEqual(2), { timeout: 15_000, interval: 20 })
    const first = sampler.snapshot()
    expect(first.startedAt).toBe(1_700_000_000_010)
    expect(first.gpuSamples[0]!.t).toBeGreaterThan(1_700_000_000_010)
    const count = first.gpuSamples.length
    await vi.waitFor(() => expect(sampler.snapshot().gpuSamples.length).toBeGreaterThan(count), { timeout: 15_000, interval: 20 })
    expect(first.gpuSamples).toHaveLength(count)
    await sampler.stop()
  })

  test('an nvidia-smi that prints once and exits is started again every interval', async () => {
    const sampler = startSystemSampler({ intervalMs: 50, nvidiaSmi: 'nvidia-smi', env: { PATH: pathWith('one-shot') } })
    await vi.waitFor(() => expect(sampler.snapshot().gpuSamples.length).toBeGreaterThanOrEqual(3), { timeout: 15_000, interval: 20 })
    const samples = await sampler.stop()
    expect(samples.gpu).toEqual({ available: true, gpus: [{ index: 0, name: 'NVIDIA L4' }] })
    expect(samples.gpuSamples[2]).toMatchObject({ gpu: 0, utilizationPct: 55, memoryUsedMiB: 2048, powerW: 35.12 })
    expect(await nvidiaSmiChildren()).toEqual([])
  })

  test('no nvidia-smi on PATH: GPU unavailable with the reason, host sampling goes on', async () => {
    const empty = await mkdtemp(join(scratch, 'empty-path-'))
    const sampler = startSystemSampler({ intervalMs: 50, nvidiaSmi: 'nvidia-smi', env: { PATH: empty } })
    await vi.waitFor(() => expect(sampler.snapshot().gpu).toEqual({ available: false, reason: 'GPU sampling unavailable: nvidia-smi not found on PATH' }), { timeout: 15_000, interval: 20 })
    await vi.waitFor(() => expect(sampler.snapshot().hostSamples.length).toBeGreaterThanOrEqual(2), { timeout: 15_000, interval: 20 })
    const { samples } = await stopPromptly(sampler)
    expect(samples.gpu).toEqual({ available: false, reason: 'GPU sampling unavailable: nvidia-smi not found on PATH' })
    expect(samples.gpuSamples).toEqual([])
  })

  test('a configured path that does not exist', async () => {
    const sampler = startSystemSampler({ intervalMs: 50, nvidiaSmi: join(scratch, 'no-such-dir', 'nvidia-smi') })
    const reason = `GPU sampling unavailable: ${join(scratch, 'no-such-dir', 'nvidia-smi')} not found`
    await vi.waitFor(() => expect(sampler.snapshot().gpu).toEqual({ available: false, reason }), { timeout: 15_000, interval: 20 })
    expect((await sampler.stop()).gpu).toEqual({ available: false, reason })
  })

  test('a machine without a working driver: nvidia-smi exits 9 and its message becomes the reason', async () => {
    const sampler = startSystemSampler({ intervalMs: 50, nvidiaSmi: 'nvidia-smi', env: { PATH: pathWith('driverless') } })
    const reason =
      "GPU sampling unavailable: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running."
    await vi.waitFor(() => expect(sampler.snapshot().gpu).toEqual({ available: false, reason }), { timeout: 15_000, interval: 20 })
    await vi.waitFor(() => expect(sampler.snapshot().hostSamples.length).toBeGreaterThanOrEqual(2), { timeout: 15_000, interval: 20 })
    expect((await sampler.stop()).gpu).toEqual({ available: false, reason })
  })

  test('an nvidia-smi printing something else than the CSV is killed at once, without waiting for stop()', async () => {
    const file = pidFile()
    const sampler = startSystemSampler({ intervalMs: 50, nvidiaSmi: 'nvidia-smi', env: { PATH: pathWith('garbage'), STAND_IN_NVIDIA_SMI_PID_FILE: file } })
    const pid = await pidIn(file)
    const reason = 'GPU sampling unavailable: unexpected nvidia-smi output: "GPU 0: busy | 37%"'
    await vi.waitFor(() => expect(sampler.snapshot().gpu).toEqual({ available: false, reason }), { timeout: 15_000, interval: 20 })
    expect(alive(pid)).toBe(false)
    const { samples } = await stopPromptly(sampler)
    expect(samples.gpu).toEqual({ available: false, reason })
    expect(samples.gpuSamples).toEqual([])
  })

  test('stopped before nvidia-smi printed anything: unavailable, and the process is gone', async () => {
    const file = pidFile()
    const sampler = startSystemSampler({ intervalMs: 100, nvidiaSmi: 'nvidia-smi', env: { PATH: pathWith('two-gpus'), STAND_IN_NVIDIA_SMI_PID_FILE: file } })
    const { samples, stopMs } = await stopPromptly(sampler)
    expect(stopMs).toBeLessThan(1500)
    expect(samples.gpu).toEqual({ available: false, reason: 'GPU sampling unavailable: no sample from nvidia-smi before sampling stopped' })
    expect(await nvidiaSmiChildren()).toEqual([])
  })

  test('a sampler never stopped does not keep its process alive, and its nvidia-smi dies with it', async () => {
    const file = pidFile()
    const script = [
      `import { startSystemSampler } from ${JSON.stringify(samplerModule)}`,
      `startSystemSampler({ intervalMs: 50, nvidiaSmi: 'nvidia-smi', env: { PATH: ${JSON.stringify(pathWith('two-gpus'))}, STAND_IN_NVIDIA_SMI_PID_FILE: ${JSON.stringify(file)} } })`,
      `const wait = setInterval(() => {}, 50)`,
      // keep the process busy until nvidia-smi has started, then let it end on its own
      `const { existsSync } = await import('node:fs')`,
      `while (!existsSync(${JSON.stringify(file)})) await new Promise((r) => setTimeout(r, 20))`,
      `await new Promise((r) => setTimeout(r, 300))`,
      `clearInterval(wait)`,
      `console.log('done')`,
    ].join('\n')
    const result = await execa(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000, reject: false })
    expect(result.timedOut).toBe(false)
    expect(result.stdout).toBe('done')
    expect(result.exitCode).toBe(0)
    const pid = Number(await readFile(file, 'utf8'))
    await vi.waitFor(() => expect(alive(pid)).toBe(false), { timeout: 5_000, interval: 20 })
  })
})
