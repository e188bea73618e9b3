import { caseDetailJs } from './case-detail.ts'
import { casesJs } from './cases.ts'
import { datasetsJs } from './datasets.ts'
import { domJs } from './dom.ts'
import { formatJs } from './format.ts'
import { gatesJs } from './gates.ts'
import { loadJs } from './load.ts'
import { lazyCasesJs } from './lazy-cases.ts'
import { mainJs } from './main.ts'
import { matrixJs } from './matrix.ts'
import { paretoJs } from './pareto.ts'
import { overviewJs } from './overview.ts'
import { providersJs } from './providers.ts'
import { systemJs } from './system.ts'
import { themeJs } from './theme.ts'

/**
 * The page's own script: plain browser JavaScript (kept as text, since the
 * project's TypeScript has no DOM types), in one strict-mode function scope.
 * It reads `#report-data`, draws into `#app`, and sets
 * `<html data-ready="true">` when done.
 */
export function clientScript(): string {
  const parts = [domJs, formatJs, themeJs, overviewJs, gatesJs, providersJs, loadJs, datasetsJs, systemJs, caseDetailJs, lazyCasesJs, casesJs, matrixJs, paretoJs, mainJs]
  return `(function () {\n'use strict';\n${parts.join('\n')}\n})();\n`
}
