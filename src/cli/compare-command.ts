import { compareRuns } from '../history/compare/compare-runs.ts'
import { regressed } from '../history/compare/format-shared.ts'
import { formatComparisonMarkdown } from '../history/compare/format-markdown.ts'
import { formatComparisonText } from '../history/compare/format-text.ts'
import { CompareError } from '../history/compare/read-run.ts'
import { RunComparisonSchema } from '../history/compare/schema.ts'
import { stableStringify } from '../record/stable-json.ts'
import type { CompareArgs } from './compare-args.ts'
import { selectRuns } from './compare-resolve.ts'

/** Where the command writes: stdout and stderr. */
export interface Output {
  out: (text: string) => void
  err: (text: string) => void
}

/**
 * `llm-test-bench compare`. Exit codes: 0 compared; 1 with
 * `--fail-on-regression` when a verdict says regressed; 2 the runs could not
 * be compared (the message says which run or file and why).
 */
export function compareCommand(args: CompareArgs, cwd: string, io: Output): number {
  let text: string
  let failed: boolean
  try {
    const { base, current } = selectRuns(args, cwd)
    const comparison = RunComparisonSchema.parse(compareRuns(base, current))
    failed = regressed(comparison)
    text = args.format === 'json' ? `${stableStringify(comparison, 2)}\n` : args.format === 'markdown' ? formatComparisonMarkdown(comparison) : formatComparisonText(comparison)
  } catch (error) {
    if (!(error instanceof CompareError)) throw error
    io.err(`llm-test-bench compare: ${error.message}\n`)
    return 2
  }
  io.out(text)
  return args.failOnRegression && failed ? 1 : 0
}
