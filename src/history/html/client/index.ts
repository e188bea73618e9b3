import { domJs } from '../../../report/html/client/dom.ts'
import { formatJs } from '../../../report/html/client/format.ts'
import { chartJs } from './chart.ts'
import { filtersJs } from './filters.ts'
import { mainJs } from './main.ts'
import { tablesJs } from './tables.ts'
import { tipJs } from './tip.ts'
import { trendsJs } from './trends.ts'

/**
 * history.html's own script: plain browser JavaScript in one strict-mode
 * function scope, built on report.html's DOM helpers (text only ever as text
 * nodes) and formatters. It reads `#history-data`, draws into `#app`, and
 * sets `<html data-ready="true">` when done.
 */
export function historyClientScript(): string {
  const parts = [domJs, formatJs, tipJs, chartJs, trendsJs, tablesJs, filtersJs, mainJs]
  return `(function () {\n'use strict';\n${parts.join('\n')}\n})();\n`
}
