/**
 * Vitest's own live window on a TTY. Its `default`, `verbose` and `tree`
 * reporters (through a `SummaryReporter` at `reporter.summary`) and its `dot`
 * reporter (at `reporter.renderer`) draw with an internal `WindowRenderer`: it
 * replaces `process.stdout.write` / `process.stderr.write` (and the logger's
 * streams), buffers every write made during a run, and about every second (and
 * on each test event) clears its window, prints the buffered output and redraws
 * the window below it from `renderer.options.getWindow()`. A line written by
 * anyone else while it runs is therefore printed ABOVE the window and never
 * erased: a `\r`-redrawn line of our own would pile up as garbage. The one way
 * to get a live line that is cleared and redrawn with the window is to be part
 * of the window: we wrap `getWindow`. None of this is public API (Vitest 5.1);
 * every access is checked, and when the shape is not found the caller falls
 * back to plain lines.
 */

/** The part of Vitest's internal `WindowRenderer` used here. */
interface WindowRendererLike {
  options: { getWindow: () => string[] }
  schedule(): void
}

/** Vitest's live window, found among its reporters. */
export interface VitestWindow {
  /**
   * Draws `lines()` at the bottom of the window (below Vitest's own summary)
   * each time Vitest draws it. Returns the function that takes them out again.
   */
  attach(lines: () => string[]): () => void
  /** Asks Vitest to redraw the window soon (it throttles to one draw per 100 ms). */
  refresh(): void
}

/** `vitest.reporters` (internal: not in Vitest's type declarations), or an empty list. */
export function vitestReporters(vitest: object): unknown[] {
  const reporters: unknown = Reflect.get(vitest, 'reporters')
  return Array.isArray(reporters) ? reporters : []
}

/**
 * Vitest's window renderer, when one of its reporters draws one (a TTY, not in
 * CI, and a `default`, `verbose`, `tree` or `dot` reporter); null otherwise.
 */
export function findVitestWindow(vitest: object): VitestWindow | null {
  for (const reporter of vitestReporters(vitest)) {
    const renderer = [field(field(reporter, 'summary'), 'renderer'), field(reporter, 'renderer')].find(isWindowRenderer)
    if (renderer) return windowOf(renderer)
  }
  return null
}

/**
 * Whether some reporter may draw a window that `findVitestWindow` could not
 * find (a Vitest whose internals moved): a reporter that knows it is on a TTY
 * and has not turned its summary off. Then our own live line would fight that
 * window, so the caller prints plain lines instead.
 */
export function mayHaveHiddenWindow(vitest: object): boolean {
  return vitestReporters(vitest).some((r) => field(r, 'isTTY') === true && field(field(r, 'options'), 'summary') !== false)
}

function windowOf(renderer: WindowRendererLike): VitestWindow {
  return {
    attach(lines) {
      const original = renderer.options.getWindow
      let attached = true
      const wrapped = (): string[] => {
        const base = original()
        const ours = attached ? lines() : []
        if (ours.length === 0) return base
        // Vitest's window ends with an empty row (the cursor's); ours go above it, after a blank one
        const trailing = base.at(-1) === '' ? base.slice(0, -1) : base
        return [...trailing, '', ...ours, '']
      }
      renderer.options.getWindow = wrapped
      return () => {
        attached = false
        // someone wrapped it after us: leave theirs in place (ours now passes through)
        if (renderer.options.getWindow === wrapped) renderer.options.getWindow = original
      }
    },
    refresh() {
      renderer.schedule()
    },
  }
}

function isWindowRenderer(value: unknown): value is WindowRendererLike {
  const options = field(value, 'options')
  return typeof field(options, 'getWindow') === 'function' && typeof field(value, 'schedule') === 'function'
}

/** `value[key]` when `value` is an object, else undefined. */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined
}
