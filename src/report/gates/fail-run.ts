import type { GateReport } from './types.ts'

/**
 * Makes `vitest run` exit with code 1 when a gate failed, though every test
 * passed. Call it from the reporter's `onTestRunEnd`.
 *
 * How (Vitest 5.1, read in its source and tried with `vitest run`, with the
 * programmatic `startVitest` of our CLI and with `vitest --merge-reports`):
 * Vitest never sets `process.exitCode` back to 0 and ends the process without
 * an explicit code (`ctx.exit()` closes and lets the process end; a forced
 * exit calls `process.exit()` with no argument), so the code a reporter
 * leaves in `process.exitCode` in `onTestRunEnd` is the process's exit code.
 * `TestRun.end()` sets 1 itself for failed tests BEFORE it calls
 * `onTestRunEnd`, so our 1 adds to it and never hides it. Throwing from
 * `onTestRunEnd` also exits 1, but prints an "Unhandled Error" with a stack.
 *
 * Returns whether it failed the run. A run already failing keeps its own code.
 */
export function failRunForGates(report: GateReport): boolean {
  if (report.passed) return false
  if (!process.exitCode) process.exitCode = 1
  return true
}

/** What gating needs of the Vitest instance (a `Vitest` fits). */
export interface GatingContext {
  config: { root: string; shard?: { index: number; count: number } | null | undefined }
}

/**
 * Whether gates apply to this Vitest run: not on a shard (`--shard=i/n`),
 * which sees only its part of the cases; the merge (`--merge-reports`) of the
 * shards' blobs is where the whole run is gated.
 */
export function gatesApply(vitest: GatingContext): boolean {
  return vitest.config.shard === undefined || vitest.config.shard === null
}
