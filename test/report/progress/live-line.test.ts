import { Writable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, test } from 'vitest'
import { LiveLine } from '../../../src/report/progress/live-line.ts'
import { renderTranscript } from './virtual-terminal.ts'

/** A real writable stream that keeps what reaches it. */
class Terminal extends Writable {
  transcript = ''
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.transcript += chunk.toString('utf8')
    callback()
  }
}

describe('LiveLine', () => {
  test('other output scrolls above the line, which is redrawn below it; stop clears it and gives write back', async () => {
    const out = new Terminal()
    const originalWrite = out.write
    let n = 0
    const live = new LiveLine(out, [out], () => [`progress ${n}`], () => 40)
    live.start(10_000)
    expect(out.write).not.toBe(originalWrite)
    expect(renderTranscript(out.transcript, 40)).toEqual(['progress 0'])

    n = 1
    out.write('first line\n')
    out.write(Buffer.from('second line\n'))
    await sleep(120)
    expect(renderTranscript(out.transcript, 40)).toEqual(['first line', 'second line', 'progress 1'])

    // mid-line output: no redraw until the line ends, so nothing is cut
    n = 2
    out.write('half')
    live.draw()
    await sleep(120)
    expect(renderTranscript(out.transcript, 40)).toEqual(['first line', 'second line', 'half'])
    out.write(' and whole\n')
    await sleep(120)
    expect(renderTranscript(out.transcript, 40)).toEqual(['first line', 'second line', 'half and whole', 'progress 2'])

    live.stop()
    expect(out.write).toBe(originalWrite)
    expect(renderTranscript(out.transcript, 40)).toEqual(['first line', 'second line', 'half and whole', ''])
    out.write('after\n')
    expect(renderTranscript(out.transcript, 40)).toEqual(['first line', 'second line', 'half and whole', 'after', ''])
  })

  test('several lines, cut to the width; writes to a second stream of the same terminal clear them too', async () => {
    const out = new Terminal()
    const err = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        out.transcript += chunk.toString('utf8')
        callback()
      },
    })
    const live = new LiveLine(out, [err], () => ['[a] a long progress line that does not fit', '[b] short'], () => 20)
    live.start(10_000)
    expect(renderTranscript(out.transcript, 20)).toEqual(['[a] a long progres…', '[b] short'])
    err.write('an error\n')
    await sleep(120)
    expect(renderTranscript(out.transcript, 20)).toEqual(['an error', '[a] a long progres…', '[b] short'])
    live.stop()
    expect(renderTranscript(out.transcript, 20)).toEqual(['an error', '', ''])
  })
})
