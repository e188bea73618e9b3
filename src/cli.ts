#!/usr/bin/env node
import { main } from './cli/main.ts'

/** The `llm-test-bench` command: see src/cli/help.ts, or run it with --help. */
try {
  const code = await main(process.argv.slice(2))
  if (code !== null) process.exitCode = code
} catch (error) {
  // Vitest could not start (a config error, a run to resume that does not exist)
  process.stderr.write(`\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 1
}
