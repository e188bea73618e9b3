import type { GateName, GateResult } from './types.ts'

/** Tolerance when a measured value is held against a limit (0.8 - 0.75 is 0.05000000000000004). */
export const EPSILON = 1e-9

/** Why a gate that needs a baseline has none to compare with. */
export interface MissingBaseline {
  /** The note (no file at..., not a valid baseline..., another project's...). */
  note: string
  /**
   * The file is there but cannot be used (unreadable, invalid, another project's):
   * the gate FAILS rather than letting a regression through unchecked. A file that
   * is simply not there skips the gate.
   */
  blocking: boolean
}

/** A gate that needs a baseline, when there is none: skipped, or failed when the file is there but unusable. */
export function withoutBaseline(gate: GateName, limit: number | boolean, missing: MissingBaseline, provider?: string): GateResult {
  const where = provider === undefined ? {} : { provider }
  if (missing.blocking) {
    return { gate, ...where, passed: false, limit, actual: null, message: `could not be checked: ${firstLine(missing.note)}` }
  }
  return { gate, ...where, passed: true, skipped: missing.note, limit, actual: null, message: `skipped: ${firstLine(missing.note)}` }
}

/** A gate with nothing to measure (no case ran, only replayed records...): skipped, passed. */
export function skippedGate(gate: GateName, limit: number | boolean, reason: string, provider?: string): GateResult {
  return { gate, ...(provider === undefined ? {} : { provider }), passed: true, skipped: reason, limit, actual: null, message: `skipped: ${reason}` }
}

/** The note when there is no baseline file. */
export function noBaselineNote(file: string): string {
  return `no baseline at ${file}; write one with \`llm-test-bench baseline update\``
}

/** The first line of a note, for a one-line message (the report shows the whole note). */
function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? ''
}
