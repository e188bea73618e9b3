import { fitToWidth } from './format-progress.ts'
import { LiveLine, type WriteTarget } from './live-line.ts'
import { isInteractive } from './terminal.ts'
import { findVitestWindow, mayHaveHiddenWindow, type VitestWindow } from './vitest-window.ts'

/**
 * How progress is shown:
 * - `window`: part of Vitest's own live window (TTY with the `default`,
 *   `verbose`, `tree` or `dot` reporter), cleared and redrawn with it;
 * - `live`: our own live lines at the bottom of the terminal (TTY, no Vitest window);
 * - `plain`: a plain line every `intervalMs` (not a TTY, CI, or a window we cannot join).
 */
export type ProgressMode = 'window' | 'live' | 'plain'

/** What the display needs of Vitest (a `Vitest` instance has it; anything else shaped so will do). */
export interface ProgressHost {
  logger: {
    log(...args: unknown[]): void
    getColumns(): number
    outputStream: WriteTarget
    errorStream: object
  }
}

export interface ProgressDisplayOptions {
  /** The progress lines now (one per project); asked for at each draw. */
  lines: () => string[]
  /** Plain mode: a line every this many ms. */
  intervalMs: number
  /** Live mode: redraw every this many ms (default 1000). */
  liveIntervalMs?: number
  /** Force a mode instead of choosing at `start()`. */
  mode?: ProgressMode
  /** For the TTY/CI decision (default `process.env`). */
  env?: NodeJS.ProcessEnv
}

/** Vitest's window renderer draws at most once per 100 ms; a refresh comes just after. */
const WINDOW_REFRESH_DELAY_MS = 120

/**
 * Which mode fits: Vitest's window when one of its reporters draws one; plain
 * lines when a reporter may draw a window we cannot find (our own live line
 * would fight it); our own live line on an interactive terminal; else plain.
 */
export function chooseProgressMode(host: ProgressHost, env: NodeJS.ProcessEnv = process.env): ProgressMode {
  if (findVitestWindow(host)) return 'window'
  if (mayHaveHiddenWindow(host)) return 'plain'
  return isInteractive(host.logger.outputStream, env) ? 'live' : 'plain'
}

/**
 * Shows progress lines while a run is in flight without garbling Vitest's
 * output: see `ProgressMode`. `start()` when the run starts, `update()` when a
 * number changed, `stop()` when it ends (the live line is cleared; nothing
 * final is printed). Timers never keep the process alive.
 */
export class ProgressDisplay {
  readonly #host: ProgressHost
  readonly #options: ProgressDisplayOptions
  #mode: ProgressMode | null = null
  #stopActions: Array<() => void> = []
  #refresh: () => void = () => {}

  constructor(host: ProgressHost, options: ProgressDisplayOptions) {
    this.#host = host
    this.#options = options
  }

  /** The mode in use; null when not started. */
  get mode(): ProgressMode | null {
    return this.#mode
  }

  start(): void {
    if (this.#mode !== null) return
    const mode = this.#options.mode ?? chooseProgressMode(this.#host, this.#options.env)
    const window = mode === 'window' ? findVitestWindow(this.#host) : null
    if (window) this.#startWindow(window)
    else if (mode === 'live') this.#startLive()
    else this.#startPlain()
  }

  /** Numbers changed: redraw soon (window and live modes; plain lines keep their pace). */
  update(): void {
    this.#refresh()
  }

  stop(): void {
    for (const action of this.#stopActions.splice(0)) action()
    this.#refresh = () => {}
    this.#mode = null
  }

  /** Lines cut to the terminal's width (a wrapped row would break the window's row count). */
  #fittedLines(): string[] {
    const columns = this.#host.logger.getColumns()
    return this.#options.lines().map((line) => fitToWidth(line, columns))
  }

  #startWindow(window: VitestWindow): void {
    this.#mode = 'window'
    const detach = window.attach(() => this.#fittedLines())
    // Vitest draws its window inside its own onTestCaseResult, before ours has
    // counted, and then draws no more for 100 ms: one more draw a little later
    // shows our numbers in step with its own
    let pending: NodeJS.Timeout | undefined
    this.#refresh = () => {
      pending ??= setTimeout(() => {
        pending = undefined
        window.refresh()
      }, WINDOW_REFRESH_DELAY_MS).unref()
    }
    this.#stopActions.push(() => {
      clearTimeout(pending)
      detach()
    })
  }

  #startLive(): void {
    this.#mode = 'live'
    const { outputStream, errorStream } = this.#host.logger
    const line = new LiveLine(outputStream, [process.stdout, process.stderr, errorStream], this.#options.lines, () =>
      this.#host.logger.getColumns(),
    )
    line.start(this.#options.liveIntervalMs ?? 1000)
    this.#stopActions.push(() => line.stop())
    this.#refresh = () => line.schedule()
  }

  #startPlain(): void {
    this.#mode = 'plain'
    const timer = setInterval(() => {
      for (const line of this.#options.lines()) this.#host.logger.log(line)
    }, this.#options.intervalMs).unref()
    this.#stopActions.push(() => clearInterval(timer))
  }
}
