import type { EvaluationResult } from '../define-evaluator.ts'
import { formatScore } from '../text.ts'
import { readVueScripts } from '../vue/sfc.ts'
import { collectFacts, compact, emptyFacts, type AstFacts } from './ast-facts.ts'
import { checkCount, type ParsedAstQuery } from './ast-query.ts'
import { modelCode, type CodeLanguage } from './source.ts'

interface Check {
  label: string
  met: boolean
  /** What is missing when the check is partly met (an interface's members). */
  note?: string
}

/** Parses the model's code (a Vue SFC's scripts through @vue/compiler-sfc) and scores the query's checks. */
export function matchAst(received: string, query: ParsedAstQuery, min: number, language?: CodeLanguage): EvaluationResult {
  const total = checkCount(query)
  if (total === 0) throw new Error('toMatchAst: the query has no checks; give at least one of interfaces, imports, calls, ...')
  const source = modelCode(received, language)
  const facts = emptyFacts()
  let setupLang: string | null | undefined
  if (source.language === 'vue') {
    const sfc = readVueScripts(source.code)
    setupLang = sfc.setupLang
    for (const segment of sfc.segments) collectFacts(segment.content, sfc.kind, facts)
  } else {
    collectFacts(source.code, source.language, facts)
  }
  const checks = runChecks(query, facts, source.language, setupLang)
  const met = checks.filter((check) => check.met)
  const missing = checks.filter((check) => !check.met)
  const score = met.length / total
  const pass = score >= min
  const counted = `${met.length} of ${total} checks met (score ${formatScore(score)}, needs ${formatScore(min)})`
  const reason = missing.length === 0 ? counted : `${counted}; missing: ${missing.map(describe).join('; ')}`
  const details = { language: source.language, met: met.map((check) => check.label), missing: missing.map(describe), parseErrors: facts.parseErrors }
  return { pass, score, threshold: min, reason, details }
}

function describe(check: Check): string {
  return check.note ? `${check.label} (${check.note})` : check.label
}

function runChecks(query: ParsedAstQuery, facts: AstFacts, language: CodeLanguage, setupLang: string | null | undefined): Check[] {
  const checks: Check[] = []
  if (query.scriptSetup) {
    const lang = query.scriptSetup.lang
    const label = lang ? `<script setup lang="${lang}">` : '<script setup>'
    const note = language !== 'vue' ? 'not a Vue SFC' : setupLang === undefined ? 'no <script setup>' : `lang is ${setupLang ?? 'none'}`
    const met = setupLang !== undefined && (lang === undefined || setupLang === lang)
    checks.push({ label, met, ...(met ? {} : { note }) })
  }
  for (const [kind, wanted, declared] of [['interface', query.interfaces, facts.interfaces], ['type', query.types, facts.types]] as const) {
    for (const { name, members } of wanted) {
      const found = declared.get(name)
      const absent = found ? members.filter((member) => !found.has(member)) : []
      const label = `${kind} ${name}${members.length > 0 ? ` { ${members.join(', ')} }` : ''}`
      const note = !found ? 'not declared' : absent.length > 0 ? `no member ${absent.join(', ')}` : undefined
      checks.push({ label, met: note === undefined, ...(note ? { note } : {}) })
    }
  }
  for (const { name, type } of query.typeAnnotations) {
    const types = (Array.isArray(type) ? type : [type]).map(compact)
    const met = facts.annotations.some((annotation) => annotation.name === name && types.includes(annotation.type))
    checks.push({ label: `${name}: ${Array.isArray(type) ? type.join(' | ') : type}`, met })
  }
  for (const { from, names, typeOnly } of query.imports) {
    const fromModule = facts.imports.filter((entry) => entry.from === from)
    const absent = names.filter((name) => !fromModule.some((entry) => entry.name === name && (typeOnly === undefined || entry.typeOnly === typeOnly)))
    const label = `import ${typeOnly ? 'type ' : ''}${names.length > 0 ? `{ ${names.join(', ')} } ` : ''}from '${from}'`
    const note = fromModule.length === 0 ? 'no import from it' : absent.length > 0 ? `not imported: ${absent.join(', ')}` : undefined
    checks.push({ label, met: note === undefined, ...(note ? { note } : {}) })
  }
  for (const { callee, typeArguments, arguments: count } of query.calls) {
    const wanted = typeArguments?.map(compact)
    const met = facts.calls.some(
      (call) =>
        call.callee === compact(callee) &&
        (wanted === undefined || (wanted.length === call.typeArguments.length && wanted.every((type, i) => call.typeArguments[i] === type))) &&
        (count === undefined || call.arguments === count),
    )
    const label = `${callee}${typeArguments ? `<${typeArguments.join(', ')}>` : ''}(${count === undefined ? '…' : `${count} argument${count === 1 ? '' : 's'}`})`
    checks.push({ label: `call ${label}`, met })
  }
  for (const name of query.exportedFunctions) checks.push({ label: `exported function ${name}`, met: facts.exportedFunctions.has(name) })
  for (const name of query.variables) checks.push({ label: `variable ${name}`, met: facts.variables.has(name) })
  if (query.noAny) {
    const met = facts.anyCount === 0
    checks.push({ label: 'no any', met, ...(met ? {} : { note: `${facts.anyCount} any type${facts.anyCount === 1 ? '' : 's'}` }) })
  }
  return checks
}
