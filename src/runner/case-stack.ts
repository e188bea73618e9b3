import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where a case is: its dataset file and the line and column of its first field. */
export interface CaseLocation {
  file: string
  line: number
  column: number
}

/** This package's own source or build folder (src/ or dist/): frames in it are the library's internals. */
const LIBRARY_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Points the errors of a failed dataset test at the user's files: each
 * error's stack becomes its first line, a frame at the case's place in the
 * dataset file, then the original frames that are neither this library's nor
 * a dependency's nor Node's (a custom evaluator's, say). Vitest parses the
 * stack in the main process, so its reporters, its code frame and `vitest
 * --ui` show the dataset line instead of the matcher call inside the runner.
 */
export function pointErrorsAtCase(errors: readonly unknown[] | undefined, location: CaseLocation, caseId: string): void {
  for (const error of errors ?? []) {
    if (typeof error !== 'object' || error === null) continue
    const stack: unknown = Reflect.get(error, 'stack')
    if (typeof stack !== 'string') continue
    Reflect.set(error, 'stack', caseStack(stack, location, caseId))
  }
}

/** The stack with the case's frame first and the library's frames gone. */
export function caseStack(stack: string, location: CaseLocation, caseId: string): string {
  const lines = stack.split('\n')
  const firstFrame = lines.findIndex((line) => /^\s+at /.test(line))
  const head = firstFrame === -1 ? lines : lines.slice(0, firstFrame)
  const frames = firstFrame === -1 ? [] : lines.slice(firstFrame).filter(isUserFrame)
  return [...head, `    at ${frameName(caseId)} (${location.file}:${location.line}:${location.column})`, ...frames].join('\n')
}

function isUserFrame(frame: string): boolean {
  if (frame.includes('node_modules') || /\(node:|at node:/.test(frame)) return false
  return !frame.includes(LIBRARY_DIR) && !frame.includes(`file://${LIBRARY_DIR}`)
}

/** A V8 frame's function name: no parentheses or line breaks, which would confuse a stack parser. */
function frameName(caseId: string): string {
  return `case ${caseId.replace(/[()\n\r]/g, '_')}`
}
