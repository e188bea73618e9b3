import { Console } from 'node:console'
import { Writable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, test } from 'vitest'
import type { Vitest } from 'vitest/node'
import { LlmBenchProgress } from '../../../src/report/progress/llm-bench-progress.ts'
import { chooseProgressMode, ProgressDisplay, type ProgressHost } from '../../../src/report/progress/progress-display.ts'
import { isCI, isInteractive } from '../../../src/report/progress/terminal.ts'

/** A real stream that keeps what reaches it. */
class Collect extends Writable {
  text = ''
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString('utf8')
    callback()
  }
}

/** A host shaped like Vitest's (a logger over a stream that is not a terminal). */
function host(): { host: ProgressHost; out: Collect } {
  const out = new Collect()
  const console = new Console({ stdout: out, stderr: out })
  return { out, host: { logger: { log: (...args) => console.log(...args), getColumns: () => 80, outputStream: out, errorStream: out } } }
}

describe('ProgressDisplay', () => {
  test('not a terminal: a plain line per project every intervalMs, none after stop', async () => {
    const { host: h, out } = host()
    let n = 0
    const display = new ProgressDisplay(h, { lines: () => [`[a] ${++n}`, '[b] same'], intervalMs: 40 })
    display.start()
    expect(display.mode).toBe('plain')
    await sleep(150)
    display.stop()
    expect(display.mode).toBeNull()
    const lines = out.text.split('\n').filter(Boolean)
    expect(lines.length).toBeGreaterThanOrEqual(4)
    expect(lines.slice(0, 4)).toEqual(['[a] 1', '[b] same', '[a] 2', '[b] same'])
    const printed = out.text
    await sleep(100)
    expect(out.text).toBe(printed)
  })

  test('a Vitest instance is what the display and LlmBenchProgress take (types)', () => {
    const asHost = (vitest: Vitest): ProgressHost => vitest
    const init = (vitest: Vitest): void => new LlmBenchProgress({ settingOf: () => undefined }).onInit(vitest)
    expect([asHost, init]).toHaveLength(2)
  })

  test('no terminal, no Vitest reporters: plain', () => {
    expect(chooseProgressMode(host().host, {})).toBe('plain')
  })
})

describe('terminal detection', () => {
  test('CI: the CI variable unless false/0, or a CI service of its own', () => {
    expect(isCI({})).toBe(false)
    expect(isCI({ CI: 'true' })).toBe(true)
    expect(isCI({ CI: '1' })).toBe(true)
    expect(isCI({ CI: 'false' })).toBe(false)
    expect(isCI({ CI: '0' })).toBe(false)
    expect(isCI({ GITHUB_ACTIONS: 'true' })).toBe(true)
  })

  test('a stream that is no terminal is not interactive', () => {
    expect(isInteractive(new Collect(), {})).toBe(false)
    expect(isInteractive(process.stdout, { CI: 'true' })).toBe(false)
  })
})
