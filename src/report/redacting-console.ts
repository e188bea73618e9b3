import type { Reporter } from 'vitest/node'
import { redactText } from '../providers/redaction/registry.ts'

type ConsoleLog = Parameters<NonNullable<Reporter['onUserConsoleLog']>>[0]

/**
 * Console output of the tests (a custom evaluator that logs the output, say)
 * without secrets. Put FIRST among the reporters: Vitest hands every reporter
 * the same log object, one after another, so the reporters that print or keep
 * it (the default one, a blob) see it cleaned.
 */
export class RedactingConsoleReporter implements Reporter {
  onUserConsoleLog(log: ConsoleLog): void {
    log.content = redactText(log.content)
  }
}
