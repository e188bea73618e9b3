import { readFileSync } from 'node:fs'
import type { z } from 'zod'
import { describeValue } from '../../dataset/describe-value.ts'
import { writeFileAtomic } from '../../record/atomic-write.ts'
import { stableStringify } from '../../record/stable-json.ts'
import { BASELINE_VERSION, BaselineSchema, type Baseline } from './baseline-schema.ts'

/** What to do about a missing or bad baseline file. */
export const UPDATE_HINT = 'run `llm-test-bench baseline update` to write one'

/** A baseline file that cannot be used; the message names the file, the field, what was expected and what was found. */
export class BaselineFileError extends Error {
  override name = 'BaselineFileError'
  readonly file: string

  constructor(file: string, message: string) {
    super(message)
    this.file = file
  }
}

/** Reads and checks a baseline file; throws a BaselineFileError (missing, not JSON, not a baseline). */
export function readBaseline(file: string): Baseline {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT'
    throw new BaselineFileError(file, `${file}: ${missing ? 'no such baseline file' : `cannot read the baseline (${String(error)})`}; ${UPDATE_HINT}`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new BaselineFileError(file, `${file}: not a baseline: the file is not valid JSON (${error instanceof Error ? error.message : String(error)}); ${UPDATE_HINT}`)
  }
  const version = data !== null && typeof data === 'object' && 'version' in data ? data.version : undefined
  if (typeof version === 'number' && version !== BASELINE_VERSION) {
    throw new BaselineFileError(file, `${file}: baseline format version ${version} is not supported (this llm-test-bench reads version ${BASELINE_VERSION}); ${UPDATE_HINT}`)
  }
  const parsed = BaselineSchema.safeParse(data, { reportInput: true })
  if (parsed.success) return parsed.data
  const [first, ...others] = parsed.error.issues.map(issueLine)
  const shown = others.slice(0, 4).map((line) => `  ${line}`)
  const more = others.length > 4 ? [`  and ${others.length - 4} more`] : []
  throw new BaselineFileError(file, [`${file}: not a valid baseline: ${first ?? 'unknown problem'}`, ...shown, ...more, `Fix the file, or ${UPDATE_HINT}.`].join('\n'))
}

/**
 * Writes a baseline: keys sorted, two-space indent, a final newline, so that
 * the same baseline is the same text. Written to a temporary file and renamed,
 * so a reader never sees half a file.
 */
export function writeBaseline(file: string, baseline: Baseline): void {
  const checked = BaselineSchema.parse(baseline)
  // throws a FileWriteError naming the file and the errno (a full disk, a read-only checkout)
  writeFileAtomic(file, `${stableStringify(checked, 2)}\n`)
}

/** `cases[3].status: expected one of passed|failed|error|timeout|skipped, found string "ok"` */
function issueLine(issue: z.core.$ZodIssue): string {
  const path = fieldPath(issue.path)
  const found = describeValue(issue.input)
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `${path}: missing (expected ${issue.expected})` : `${path}: expected ${issue.expected}, found ${found}`
    case 'invalid_value':
      return `${path}: expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, found ${found}`
    case 'unrecognized_keys':
      return `${path}: unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`
    default:
      return `${path}: ${issue.message}${issue.input === undefined ? '' : `, found ${found}`}`
  }
}

/** `cases[3].status`; `(root)` for the file itself. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`
  return out === '' ? '(root)' : out
}
