import { readFileSync } from 'node:fs'
import { parseCliArgs, UsageError, type CliArgs } from './args.ts'
import { baselineCommand } from './baseline-command.ts'
import { BASELINE_HELP, commandHelp, MAIN_HELP, RECORDINGS_HELP, RUNS_HELP } from './help.ts'
import { fleetCommand } from './fleet-command.ts'
import { FLEET_HELP } from './fleet-help.ts'
import { datasetCommand } from './dataset-command.ts'
import { DATASET_HELP } from './dataset-help.ts'
import { compareCommand } from './compare-command.ts'
import { COMPARE_HELP } from './compare-help.ts'
import { historyCommand } from './history-command.ts'
import { HISTORY_HELP } from './history-help.ts'
import { historyHtmlCommand, takeHtmlFlag } from './history-html.ts'
import { recordingsCommand } from './recordings-command.ts'
import { runsCommand } from './runs.ts'
import { runVitestCommand } from './vitest-command.ts'

/**
 * `llm-test-bench <command> ...`. Returns the exit code for the commands that
 * decide it; null for a Vitest command, whose exit code Vitest sets itself
 * (and whose watch mode keeps the process running).
 */
export async function main(argv: readonly string[]): Promise<number | null> {
  let args: CliArgs
  // `history --html [out]`: the flag's optional path is taken out before the rest is parsed (history-html.ts)
  const html = argv[0] === 'history' ? takeHtmlFlag(argv.slice(1)) : null
  try {
    args = parseCliArgs(html ? ['history', ...html.rest] : argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`llm-test-bench: ${error.message}\n\n${MAIN_HELP}`)
    return 2
  }
  const out = (text: string): void => void process.stdout.write(text)
  switch (args.command) {
    case 'help':
      out(MAIN_HELP)
      return 0
    case 'version':
      out(`${packageVersion()}\n`)
      return 0
    case 'runs':
      if (args.help) out(RUNS_HELP)
      return args.help ? 0 : runsCommand(args, process.cwd(), out)
    case 'baseline':
      if (args.help) {
        out(BASELINE_HELP)
        return 0
      }
      return baselineCommand(args, process.cwd(), { out, err: (text) => void process.stderr.write(text) })
    case 'recordings':
      if (args.help) {
        out(RECORDINGS_HELP)
        return 0
      }
      return recordingsCommand(args, process.cwd(), { out, err: (text) => void process.stderr.write(text) })
    case 'fleet':
      if (args.help || args.action === null) {
        out(FLEET_HELP)
        return 0
      }
      return fleetCommand(args, process.cwd(), { out, err: (text) => void process.stderr.write(text) })
    case 'dataset':
      if (args.help || args.action === null) {
        out(DATASET_HELP)
        return 0
      }
      return datasetCommand(args, process.cwd(), { out, err: (text) => void process.stderr.write(text) })
    case 'compare':
      if (args.help) {
        out(COMPARE_HELP)
        return 0
      }
      return compareCommand(args, process.cwd(), { out, err: (text) => void process.stderr.write(text) })
    case 'history':
      if (args.help) {
        out(HISTORY_HELP)
        return 0
      }
      if (html && html.html !== undefined) {
        if (args.action === 'reindex') {
          process.stderr.write('llm-test-bench: history: --html does not go with reindex\n')
          return 2
        }
        return historyHtmlCommand({ ...args, html: html.html, lastGiven: html.lastGiven }, process.cwd(), { out, err: (text) => void process.stderr.write(text) })
      }
      return historyCommand(args, process.cwd(), { out, err: (text) => void process.stderr.write(text) })
    default:
      if (args.help) {
        out(commandHelp(args.command))
        return 0
      }
      await runVitestCommand(args)
      return null
  }
}

/** The package's version: package.json is two folders up from src/cli/ and from dist/cli/. */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }
  return pkg.version ?? 'unknown'
}
