import path from 'node:path'
import { statSync } from 'node:fs'
import { FileWriteError } from '../record/atomic-write.ts'
import { NothingUsableError, writeFromLogs } from '../dataset/from-logs/build.ts'
import { parseSince } from '../dataset/from-logs/since.ts'
import type { DatasetArgs } from './dataset-args.ts'

/** At most this many bad lines are listed (the rest are counted). */
const MAX_LISTED = 20

interface Io {
  out: (text: string) => void
  err: (text: string) => void
}

/** `llm-test-bench dataset from-logs`: exit 0 when a dataset was written, 1 when nothing usable remained or it could not be written, 2 for bad options. */
export async function datasetCommand(args: DatasetArgs, cwd: string, io: Io, now: number = Date.now()): Promise<number> {
  const since = args.since === null ? null : parseSince(args.since, now)
  if (args.since !== null && since === null) {
    io.err(`llm-test-bench: --since must be a duration (30d, 12h, 2w, 45m) or an ISO date; found "${args.since}"\n`)
    return 2
  }
  const files = args.files.map((file) => path.resolve(cwd, file))
  const missing = files.filter((file) => !isFile(file))
  if (missing.length > 0) {
    io.err(`llm-test-bench: no such log file: ${missing.map((file) => path.relative(cwd, file)).join(', ')}\n`)
    return 1
  }
  try {
    const result = await writeFromLogs({
      files,
      out: path.resolve(cwd, args.out),
      strategy: args.strategy,
      by: args.by,
      count: args.count,
      seed: args.seed,
      since,
      requireLabels: args.requireLabels,
      expected: args.expected,
      dedup: args.dedup,
      nearThreshold: args.nearThreshold,
      redact: args.redact,
      name: args.name ?? undefined,
      baseDir: cwd,
    })
    reportProblems(result.problems, cwd, io)
    if (result.short) io.err(`warning: --count ${args.count} is more than the ${result.available} unique usable lines: all of them are used\n`)
    const formats = Object.entries(result.formats).filter(([, n]) => n > 0).map(([format, n]) => `${n} ${format}`).join(', ')
    io.out(
      `wrote ${path.relative(cwd, path.resolve(cwd, args.out))}: ${result.cases} cases (${args.strategy}, seed ${args.seed}) from ${result.lines} lines` +
        ` (${formats || 'none usable'}; ${result.problems.length} bad, ${result.filtered} filtered, ${result.duplicates.exact} exact and ${result.duplicates.near} near duplicates)\n`,
    )
    return 0
  } catch (error) {
    if (error instanceof NothingUsableError) {
      reportProblems(error.problems, cwd, io)
      io.err(`llm-test-bench: ${error.message}\n`)
      return 1
    }
    if (error instanceof FileWriteError) {
      io.err(`llm-test-bench: ${error.message}\n`)
      return 1
    }
    throw error
  }
}

function reportProblems(problems: readonly { file: string; line: number; reason: string }[], cwd: string, io: Io): void {
  if (problems.length === 0) return
  for (const problem of problems.slice(0, MAX_LISTED)) io.err(`${path.relative(cwd, problem.file)}:${problem.line}: skipped: ${problem.reason}\n`)
  if (problems.length > MAX_LISTED) io.err(`... and ${problems.length - MAX_LISTED} more\n`)
  io.err(`${problems.length} bad line${problems.length === 1 ? '' : 's'} skipped\n`)
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile()
  } catch {
    return false
  }
}
