import { fitToWidth } from './format-progress.ts'

const ESC = '\x1b['
const CLEAR_LINE = `${ESC}2K\r`
const ROW_UP = `${ESC}1A`
// synchronized output: the terminal shows a redraw at once, without flicker (ignored where unsupported)
const SYNC_START = `${ESC}?2026h`
const SYNC_END = `${ESC}?2026l`

/** A writable stream as far as `LiveLine` uses it. */
export interface WriteTarget {
  write(chunk: string): boolean
}

type WriteFunction = (...args: unknown[]) => boolean

/**
 * Our own live lines at the bottom of a terminal, for a TTY where no Vitest
 * window is drawn (e.g. `--reporter=minimal`, or only custom reporters). Like
 * Vitest's window renderer it takes over `write` of the given streams: before
 * anything else is written the lines are cleared, and they are drawn again
 * (throttled) once the output stands at the start of a line, so other output
 * scrolls above them and is never cut. `stop()` clears them and gives `write`
 * back.
 */
export class LiveLine {
  readonly #output: WriteTarget
  readonly #streams: readonly object[]
  readonly #lines: () => string[]
  readonly #columns: () => number
  readonly #restores: Array<() => void> = []
  /** The output's own write, which ours bypass the interception with. */
  #write: (text: string) => void
  #height = 0
  #atLineStart = true
  #timer: NodeJS.Timeout | undefined
  #pending: NodeJS.Timeout | undefined
  #started = false

  /**
   * @param output where the lines are drawn (a TTY stream)
   * @param streams every stream whose writes land on the same terminal (output included), e.g. `process.stdout`, `process.stderr`
   * @param lines the lines to draw, asked for at each draw
   * @param columns the terminal's width
   */
  constructor(output: WriteTarget, streams: readonly object[], lines: () => string[], columns: () => number) {
    this.#output = output
    this.#streams = [...new Set([output, ...streams])]
    this.#lines = lines
    this.#columns = columns
    this.#write = (text) => void output.write(text)
  }

  /** Takes over the streams and draws every `intervalMs` (the timer does not keep the process alive). */
  start(intervalMs = 1000): void {
    if (this.#started) return
    this.#started = true
    for (const stream of this.#streams) this.#intercept(stream)
    this.#timer = setInterval(() => this.draw(), intervalMs).unref()
    this.draw()
  }

  /** Draws soon (at most one draw per 50 ms). */
  schedule(): void {
    if (!this.#started || this.#pending) return
    this.#pending = setTimeout(() => {
      this.#pending = undefined
      this.draw()
    }, 50).unref()
  }

  /** Draws the lines now, in place of the previous ones (not while the output stands mid-line). */
  draw(): void {
    if (!this.#started || !this.#atLineStart) return
    const columns = this.#columns()
    const lines = this.#lines().map((line) => fitToWidth(line, columns))
    this.#write(SYNC_START + this.#clearText() + lines.join('\n') + SYNC_END)
    this.#height = lines.length
  }

  /** Clears the lines and gives the streams their own `write` back. */
  stop(): void {
    if (!this.#started) return
    this.#started = false
    clearInterval(this.#timer)
    clearTimeout(this.#pending)
    this.#pending = undefined
    this.#write(this.#clearText())
    this.#height = 0
    for (const restore of this.#restores.splice(0)) restore()
  }

  /** What erases the drawn lines, leaving the cursor at the start of the first one. */
  #clearText(): string {
    if (this.#height === 0) return ''
    return CLEAR_LINE + `${ROW_UP}${CLEAR_LINE}`.repeat(this.#height - 1)
  }

  #intercept(stream: object): void {
    const original: unknown = Reflect.get(stream, 'write')
    if (typeof original !== 'function') return
    const originalWrite = original as WriteFunction
    if (stream === this.#output) this.#write = (text) => void Reflect.apply(originalWrite, stream, [text])
    const intercepted: WriteFunction = (...args) => {
      if (this.#height > 0) {
        this.#write(this.#clearText())
        this.#height = 0
      }
      const result = Reflect.apply(originalWrite, stream, args)
      const ending = lastChar(args[0])
      if (ending !== null) this.#atLineStart = ending === '\n'
      this.schedule()
      return result
    }
    Reflect.set(stream, 'write', intercepted)
    this.#restores.push(() => {
      // someone replaced write after us: leave theirs (ours still passes everything through)
      if (Reflect.get(stream, 'write') === intercepted) Reflect.set(stream, 'write', originalWrite)
    })
  }
}

/** The last character of a written chunk (a string or bytes); null for an empty or unknown one. */
function lastChar(chunk: unknown): string | null {
  if (typeof chunk === 'string') return chunk.length > 0 ? chunk.slice(-1) : null
  if (chunk instanceof Uint8Array) return chunk.length > 0 ? String.fromCharCode(chunk[chunk.length - 1] as number) : null
  return null
}
