/**
 * Vitest's own reporters (their classes, as Vitest's `reporters` holds them)
 * that never read a passed test's annotations after its result: `default`
 * (`DefaultReporter`; `agent`, `minimal`, `tree` and `dot` share its code)
 * prints annotations of failed tests only, in the errors' summary at the end;
 * `github-actions` reads an annotation as it comes, and only one with a location
 * (a dataset case's have none); `hanging-process` reads none. The others read
 * every test's annotations later: `verbose` as the result is printed (after
 * ours, in reporter order), `junit`, `tap` and `tap-flat` at the end, `json`,
 * `html` and `blob` write the test tree, and the API server's (Vitest's UI, an
 * editor's extension) sends it to its clients.
 */
const READ_AS_THEY_COME = new Set(['DefaultReporter', 'MinimalReporter', 'TreeReporter', 'DotReporter', 'GithubActionsReporter', 'HangingProcessReporter'])

/** What of the running Vitest says who may read a test's annotations later. */
export interface AnnotationReaders {
  /** The run's reporter instances (Vitest's `reporters`, its own and every other). */
  reporters: readonly object[]
  /** Vitest's resolved `ui`, which shows every test's annotations. */
  ui?: unknown
  /** Vitest's resolved `api` (a served one has a port). */
  api?: unknown
}

/**
 * Whether a passed test's annotations may be read after its result: by a
 * reporter other than ours (`own`) and Vitest's own that do not
 * (READ_AS_THEY_COME, by exact class: a subclass of the user's is not one of
 * them), or by a client of Vitest's API server. An unknown reporter counts as a reader.
 */
export function passedAnnotationsReadLater(readers: AnnotationReaders, own: (reporter: object) => boolean): boolean {
  if (uiEnabled(readers.ui) || apiServed(readers.api)) return true
  return readers.reporters.some((reporter) => !own(reporter) && !READ_AS_THEY_COME.has(Object.getPrototypeOf(reporter)?.constructor?.name ?? ''))
}

function uiEnabled(ui: unknown): boolean {
  if (typeof ui === 'object' && ui !== null) return (ui as { enabled?: unknown }).enabled !== false
  return ui === true
}

function apiServed(api: unknown): boolean {
  if (api === true || typeof api === 'number') return true
  if (typeof api !== 'object' || api === null) return false
  const { port, middlewareMode } = api as { port?: unknown; middlewareMode?: unknown }
  return port !== undefined && port !== null && middlewareMode !== true
}
