import { addRunSecrets, redactText } from '../../providers/redaction/index.ts'
import type { LogEntry } from './entry.ts'

/**
 * Redaction of personal data and credentials in production text, before
 * anything is kept or written: e-mail addresses → `[email]`, phone numbers →
 * `[phone]`, API keys and tokens → `[key]`, each user pattern (`--redact`) →
 * `[redacted]`; then the run's own known secrets (the shared registry:
 * OPENAI_API_KEY, ANTHROPIC_API_KEY, LLM_BENCH_REDACT_ENV...) → `[redacted]`.
 */

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g

/** Common API key and token forms (OpenAI/Anthropic `sk-`, AWS, GitHub, Slack, Google, JWTs, bearer tokens). */
const KEYS = [
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bAIza[0-9A-Za-z_-]{35}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /(?<=\bBearer\s+)[A-Za-z0-9._~+/=-]{16,}/gi,
]

/**
 * Phone numbers: an optional `+country` code, then groups of digits split by
 * spaces, dots, dashes or a parenthesised area code, 8 to 15 digits in all
 * (so dates, times, versions and short numbers stay).
 */
const PHONE = /(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){1,4}(?![\w])|(?<![\w+])\+\d{8,15}\b/g
const PHONE_DIGITS = { min: 8, max: 15 }

export interface TextRedactor {
  (text: string): string
}

/** A redactor for the built-in patterns plus `patterns` (JavaScript regular expressions, applied globally). */
export function createRedactor(patterns: readonly RegExp[], env: NodeJS.ProcessEnv = process.env): TextRedactor {
  addRunSecrets({}, env)
  const user = patterns.map((pattern) => new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))
  return (text) => {
    let out = text
    for (const pattern of user) out = out.replace(pattern, '[redacted]')
    for (const pattern of KEYS) out = out.replace(pattern, '[key]')
    out = out.replace(EMAIL, '[email]')
    out = out.replace(PHONE, (match) => {
      const digits = match.replace(/\D/g, '').length
      return digits >= PHONE_DIGITS.min && digits <= PHONE_DIGITS.max && !/^\d{4}-\d{2}-\d{2}$/.test(match) ? '[phone]' : match
    })
    return redactText(out)
  }
}

/** Every string of a JSON-like value redacted (keys stay). */
export function redactDeep(value: unknown, redact: TextRedactor): unknown {
  if (typeof value === 'string') return redact(value)
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact))
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, redact)]))
  return value
}

/** An entry with every text it carries redacted. */
export function redactEntry(entry: LogEntry, redact: TextRedactor): LogEntry {
  const out: LogEntry = { ...entry }
  if (entry.id !== undefined) out.id = redact(entry.id)
  if (entry.prompt !== undefined) out.prompt = redact(entry.prompt)
  if (entry.messages !== undefined) out.messages = entry.messages.map((message) => ({ role: message.role, content: redact(message.content) }))
  if (entry.output !== undefined) out.output = redact(entry.output)
  if (entry.feedback !== undefined) out.feedback = redactDeep(entry.feedback, redact) as Record<string, unknown>
  if (entry.metadata !== undefined) out.metadata = redactDeep(entry.metadata, redact) as Record<string, unknown>
  return out
}
