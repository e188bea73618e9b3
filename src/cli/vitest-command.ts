import type { CliOptions } from 'vitest/node'
import { CACHE_ENV } from '../providers/cache/mode.ts'
import { RESUME_ENV } from '../runner/resume/setting.ts'
import { REPEATS_ENV } from '../config/repeats.ts'
import { startVitestFor } from '../runner/vitest-version.ts'
import type { VitestCommandArgs } from './args.ts'

/** Vitest's own CLI verb for each of our commands. */
const VITEST_VERB = { run: 'run', watch: 'watch', bench: 'bench' } as const

/** The command line Vitest itself would have been given. */
export function vitestArgv(args: VitestCommandArgs): string[] {
  return [VITEST_VERB[args.command], ...args.projects.flatMap((p) => ['--project', p]), ...args.vitestArgs]
}

/**
 * Runs Vitest in the current directory through its programmatic API, as `vitest <verb>
 * --project <name> <args...>` would: resume and cache go to the plugin through
 * their environment variables. A one-off run closes Vitest and leaves Vitest's
 * exit code in `process.exitCode`; watch mode keeps it running.
 */
export async function runVitestCommand(args: VitestCommandArgs): Promise<void> {
  if (args.resume !== null) process.env[RESUME_ENV] = args.resume
  if (args.cache !== null) process.env[CACHE_ENV] = args.cache
  if (args.repeats !== null) process.env[REPEATS_ENV] = String(args.repeats)
  const argv = vitestArgv(args)
  // code that reads the command line (the plugin's bench project filter) sees the Vitest command
  process.argv = [process.argv[0] ?? process.execPath, process.argv[1] ?? 'vitest', ...argv]
  const { parseCLI } = await import('vitest/node')
  const { filter, options } = parseCLI(['vitest', ...argv])
  const ctx = await startVitestFor(args.command, filter, vitestOptions(args, options, filter))
  if (!ctx.shouldKeepServer()) await ctx.exit()
}

/** What Vitest's own CLI adds to the parsed options before it starts. */
function vitestOptions(args: VitestCommandArgs, options: CliOptions, filter: readonly string[]): CliOptions {
  const out: CliOptions & { benchmarkOnly?: boolean; cliExclude?: string[] } = { ...options }
  if (args.command === 'bench') {
    out.benchmarkOnly = true
    out.coverage = { ...out.coverage, enabled: false }
  }
  if (out.exclude !== undefined) {
    out.cliExclude = Array.isArray(out.exclude) ? out.exclude : [out.exclude]
    delete out.exclude
  }
  if (filter.some((f) => f.includes(':'))) out.includeTaskLocation ??= true
  return out
}
