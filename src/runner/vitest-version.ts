import type { CliOptions, Reporter, TestProject, Vitest } from 'vitest/node'

/**
 * Every difference between the Vitest versions the package supports (4.1+ and
 * 5.1+) is decided here, in the main process, so that the rest of the code
 * reads one shape. The types are Vitest 5's (the repository's own); Vitest 4's
 * differences are reached through narrow casts in this file only.
 *
 * - Bench mode. Vitest 5 clones every project as "<name> (bench)" with
 *   `benchmark.enabled`; Vitest 4 runs the projects themselves in a Vitest whose
 *   `mode` is 'benchmark'.
 * - Reporters in bench mode. Vitest 5 uses `reporters`; Vitest 4 makes its bench
 *   reporters from `benchmark.reporters` (and ignores `reporters`).
 */

/** The major version of the running Vitest (4 or 5; 0 when it cannot be read). */
export function vitestMajor(vitest: Pick<Vitest, 'version'>): number {
  const major = Number.parseInt(String(vitest.version).split('.')[0] ?? '', 10)
  return Number.isFinite(major) ? major : 0
}

/** Whether `project` runs as a bench project (`vitest bench`), on either version. */
export function isBenchProject(vitest: Vitest, project: TestProject): boolean {
  if (project.config.benchmark?.enabled) return true
  return vitestMajor(vitest) === 4 && isVitest4Bench(vitest)
}

/** What a plugin's `configureVitest` gets that may set the fs module cache's key: Vitest 5's name, Vitest 4's experimental one, or none. */
export interface CacheKeyContext {
  defineCacheKeyGenerator?: (generator: (context: { id: string }) => string | undefined | null | false) => void
  experimental_defineCacheKeyGenerator?: (generator: (context: { id: string }) => string | undefined | null | false) => void
}

/**
 * Keeps the modules `skip` picks out of Vitest's fs module cache
 * (`fsModuleCache`, on by default in Vitest 5: a module's transform is kept on
 * disk by its code and the config's plugin names, not by their options or the
 * environment). Where the Vitest has no such cache, nothing to do.
 */
export function keepOutOfModuleCache(context: CacheKeyContext, skip: (id: string) => boolean): void {
  const define = context.defineCacheKeyGenerator ?? context.experimental_defineCacheKeyGenerator
  define?.(({ id }) => (skip(id) ? false : undefined))
}

/**
 * The run's reporter instances (Vitest's own, the user's, ours, the API
 * server's), as Vitest holds them; not in Vitest's public types, on both
 * versions at run time. Null where it cannot be read.
 */
export function reporterInstances(vitest: Vitest): object[] | null {
  const reporters = (vitest as unknown as { reporters?: unknown }).reporters
  return Array.isArray(reporters) && reporters.every((r) => typeof r === 'object' && r !== null) ? (reporters as object[]) : null
}

/** Adds reporters to the run: `first` before Vitest's own (they see events first), `last` after. */
export function addReporters(vitest: Vitest, reporters: { first: Reporter; last: Reporter }): void {
  const list = reporterList(vitest)
  list.push(reporters.last)
  list.unshift(reporters.first)
}

function reporterList(vitest: Vitest): unknown[] {
  if (vitestMajor(vitest) === 4 && isVitest4Bench(vitest)) {
    const config = vitest.config as unknown as { benchmark?: { reporters?: unknown[] } }
    const benchmark = (config.benchmark ??= {})
    // Vitest 4 resolves `benchmark.reporters` to ['default'] when none are set
    benchmark.reporters = Array.isArray(benchmark.reporters) ? benchmark.reporters : ['default']
    return benchmark.reporters
  }
  return vitest.config.reporters as unknown[]
}

function isVitest4Bench(vitest: Vitest): boolean {
  return (vitest as unknown as { mode?: string }).mode === 'benchmark'
}

/**
 * Vitest's `startVitest` as its own CLI calls it for `vitest <verb>`. Vitest 5
 * takes `(filters, options)`; Vitest 4 takes the mode first, `'benchmark'` for
 * `vitest bench` (else its bench run would run as tests).
 */
export async function startVitestFor(command: 'run' | 'watch' | 'bench', filters: string[], options: CliOptions): Promise<Vitest> {
  const node = await import('vitest/node')
  if (vitestMajor(node) === 4) {
    const start = node.startVitest as unknown as (mode: 'test' | 'benchmark', filters: string[], options: CliOptions) => Promise<Vitest>
    return start(command === 'bench' ? 'benchmark' : 'test', filters, options)
  }
  return node.startVitest(filters, options)
}
