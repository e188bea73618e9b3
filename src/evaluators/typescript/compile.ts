import type { EvaluationResult } from '../define-evaluator.ts'
import { readVueScripts, VUE_PRELUDE } from '../vue/sfc.ts'
import { typeCheck, type RawDiagnostic } from './check.ts'
import type { CompileSettings } from './settings.ts'
import { LineMap, modelCode, type ModelCode } from './source.ts'

/** A diagnostic placed in the received text (1-based line and column). */
export interface Diagnostic {
  line: number
  column: number
  /** `TS2322`, `vue` (Vue's compiler), or `ambient TS…` for the option's own declarations. */
  code: string
  category: 'error' | 'warning'
  message: string
}

/** A global `JSX` namespace for TSX under `jsx: preserve` when no declarations bring one. */
const JSX_PRELUDE = `declare global { namespace JSX {
  interface Element {}
  interface ElementChildrenAttribute { children: {} }
  interface IntrinsicElements { [name: string]: { [handler: \`on\${string}\`]: (event: any) => unknown; [attribute: string]: any } }
} }
export {}
`

/** Type-checks the model's code (a fenced block when there is one): score 1 when it has no error, else 0. */
export function compileCheck(received: string, settings: CompileSettings): EvaluationResult {
  const source = modelCode(received, settings.language)
  const diagnostics = source.language === 'vue' ? checkVue(source, settings) : checkScript(source, settings)
  const errors = diagnostics.filter((diagnostic) => diagnostic.category === 'error')
  const pass = errors.length === 0
  const where = `${source.language}${source.fenced ? ` (fenced block from line ${source.startLine + 1})` : ''}`
  const reason = pass
    ? `compiles (${where}, strict: ${settings.strict})`
    : `${errors.length} error${errors.length === 1 ? '' : 's'} (${where}, strict: ${settings.strict}):\n${errors.slice(0, 20).map(formatDiagnostic).join('\n')}`
  const details = { language: source.language, fenced: source.fenced, strict: settings.strict, diagnostics }
  return { pass, score: pass ? 1 : 0, threshold: 1, reason, details }
}

export function formatDiagnostic(diagnostic: Diagnostic): string {
  return `${diagnostic.line}:${diagnostic.column} ${diagnostic.code} ${diagnostic.message}`
}

function checkScript(source: ModelCode, settings: CompileSettings): Diagnostic[] {
  const map = new LineMap([{ content: source.code, line: source.startLine, column: 0 }])
  const kind = source.language === 'tsx' ? 'tsx' : 'ts'
  const prelude = kind === 'tsx' && settings.jsx === 'preserve' && !/namespace\s+JSX\b/.test(settings.ambient) ? JSX_PRELUDE : undefined
  return typeCheck({ code: map.text, kind, settings, ...(prelude ? { prelude } : {}) }).map((raw) => placed(raw, map))
}

function checkVue(source: ModelCode, settings: CompileSettings): Diagnostic[] {
  const sfc = readVueScripts(source.code)
  const base = new LineMap([{ content: source.code, line: source.startLine, column: 0 }])
  const vueProblems = sfc.problems.map((problem) => {
    const at = base.toReceived(problem.line, problem.column)
    return { ...at, code: 'vue', category: 'error' as const, message: problem.message }
  })
  if (vueProblems.length > 0 || sfc.segments.length === 0) return vueProblems
  const segments = sfc.segments.map((segment) => ({ ...segment, line: segment.line + source.startLine }))
  const map = new LineMap(segments)
  return typeCheck({ code: map.text, kind: sfc.kind, settings, prelude: VUE_PRELUDE }).map((raw) => placed(raw, map))
}

function placed(raw: RawDiagnostic, map: LineMap): Diagnostic {
  const at = raw.file === 'code' ? map.toReceived(raw.line, raw.column) : { line: raw.line + 1, column: raw.column + 1 }
  const code = raw.file === 'code' ? `TS${raw.code}` : `${raw.file} TS${raw.code}`
  return { ...at, code, category: raw.category, message: raw.message }
}
