import { statSync } from 'node:fs'
import { readCaseTexts, type CaseTexts } from '../../dataset/case-texts.ts'
import { redactText } from '../../providers/redaction/index.ts'
import type { PageCaseContext } from './page-model.ts'

/** Dataset files larger than this are not read again for the report (the side-by-side view then shows no expected answer). */
export const MAX_CONTEXT_FILE_BYTES = 20 * 1024 * 1024
/** Longest text of one expected answer, reference or variable shown. */
const MAX_CHARS = 4000

/**
 * What the side-by-side view shows beside a case's outputs: its expected
 * answer, references and template variables, read from its dataset file once
 * per file (records do not carry them; read as `readCaseTexts` reads them:
 * the run checked the file whole). A file that has gone, changed into
 * something that no longer parses or matches the schema, or is too large gives
 * no context: the view says so instead of guessing. Texts are redacted like every other text the
 * report shows.
 */
export class CaseContexts {
  readonly #files = new Map<string, Map<string, PageCaseContext> | null>()
  readonly #preloaded: PreloadedTexts | undefined

  /** `preloaded`: the files' texts read ahead on another thread (case-context-preload.ts); a file it does not give is read here. */
  constructor(preloaded?: PreloadedTexts) {
    this.#preloaded = preloaded
  }

  of(datasetFile: string, caseId: string): PageCaseContext | undefined {
    let cases = this.#files.get(datasetFile)
    if (cases === undefined) {
      const texts = this.#preloaded?.take(datasetFile)
      cases = contextsOf(texts === undefined ? readTexts(datasetFile) : texts)
      this.#files.set(datasetFile, cases)
    }
    return cases?.get(caseId)
  }
}

/** A dataset file's case texts read elsewhere: undefined when it was not (the file is then read where it is wanted). */
export interface PreloadedTexts {
  take(datasetFile: string): CaseTexts[] | null | undefined
}

/** A dataset file's case texts, null when it is too large, gone, or no longer reads (see CaseContexts). */
export function readTexts(file: string): CaseTexts[] | null {
  try {
    if (statSync(file).size > MAX_CONTEXT_FILE_BYTES) return null
    return readCaseTexts(file)
  } catch {
    return null
  }
}

/** The contexts shown, by case id: cut and redacted here, in the process that knows the run's secrets. */
function contextsOf(texts: CaseTexts[] | null): Map<string, PageCaseContext> | null {
  if (texts === null) return null
  const out = new Map<string, PageCaseContext>()
  for (const c of texts) {
    const context = contextOf(c)
    if (context) out.set(c.id, context)
  }
  return out
}

function contextOf(c: CaseTexts): PageCaseContext | undefined {
  const context: PageCaseContext = {}
  if (c.expected !== null) context.expected = shown(c.expected)
  if (c.references.length > 0) context.references = c.references.map(shown)
  const vars = Object.entries(c.variables)
  if (vars.length > 0) context.vars = vars.map(([name, value]) => [name, shown(typeof value === 'string' ? value : JSON.stringify(value) ?? String(value))])
  return Object.keys(context).length > 0 ? context : undefined
}

function shown(text: string): string {
  const cut = text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text
  return redactText(cut)
}
