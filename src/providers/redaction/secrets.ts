/**
 * Which values of a run are secrets: what every provider spec carries
 * (header values, the key its `apiKeyEnv` names, credentials in a URL), the
 * usual key variables, the judge and embedding specs given by environment,
 * and what the user lists. Read from the options and `process.env` alone, so
 * the main process and every worker find the same list.
 */

/** Key variables a provider reads when its spec names none (judges and embedders included). */
const DEFAULT_KEY_ENV: Readonly<Record<string, string>> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' }

/** Variables holding provider specs (a judge, an embedder) that may carry credentials. */
const SPEC_ENV = ['LLM_BENCH_JUDGE', 'LLM_BENCH_EMBEDDINGS'] as const

/** Comma-separated NAMES of further variables whose values are secrets. */
export const REDACT_ENV = 'LLM_BENCH_REDACT_ENV'

/** Headers whose values are never secret (so `application/json` is not redacted from every message). */
const PUBLIC_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'anthropic-beta',
  'anthropic-version',
  'cache-control',
  'content-type',
  'http-referer',
  'openai-beta',
  'user-agent',
  'x-title',
])

/** `Bearer <token>`, `Basic <base64>`, `token <t>`: the credential after an auth scheme. */
const AUTH_SCHEME = /^(bearer|basic|token|apikey|api-key|key)\s+(\S.*)$/i

/** `scheme://userinfo@` anywhere in a text. */
const URL_USERINFO = /[a-z][a-z0-9+.-]*:\/\/([^/@\s]+)@/gi

export interface SecretSources {
  /** Provider specs as the user gave them (strings or objects). */
  providers?: readonly unknown[] | undefined
  /** The user's own secret values (the `redact` option). */
  redact?: readonly string[] | undefined
}

/** Every secret the options and the environment name (unordered, with duplicates). */
export function runSecrets(sources: SecretSources, env: NodeJS.ProcessEnv = process.env): string[] {
  const out: string[] = []
  for (const spec of sources.providers ?? []) out.push(...specSecrets(spec, env))
  for (const name of Object.values(DEFAULT_KEY_ENV)) pushValue(out, env[name])
  for (const name of SPEC_ENV) {
    const spec = env[name]?.trim()
    if (spec) out.push(...specSecrets(spec, env))
  }
  for (const name of (env[REDACT_ENV] ?? '').split(',')) if (name.trim() !== '') pushValue(out, env[name.trim()])
  for (const value of sources.redact ?? []) pushValue(out, value)
  return out
}

/** The secrets of one provider spec, given as a string (`openai:m@http://u:p@host/v1`) or an object. */
export function specSecrets(spec: unknown, env: NodeJS.ProcessEnv = process.env): string[] {
  const out: string[] = []
  if (typeof spec === 'string') {
    urlSecrets(spec, out)
    pushValue(out, env[DEFAULT_KEY_ENV[spec.split(':')[0] ?? ''] ?? ''])
    return out
  }
  if (typeof spec !== 'object' || spec === null) return out
  const fields = spec as Record<string, unknown>
  const type = typeof fields['type'] === 'string' ? fields['type'] : ''
  const keyEnv = typeof fields['apiKeyEnv'] === 'string' ? fields['apiKeyEnv'] : DEFAULT_KEY_ENV[type]
  if (keyEnv !== undefined) pushValue(out, env[keyEnv])
  for (const field of ['baseURL', 'host']) {
    const url = fields[field]
    if (typeof url === 'string') urlSecrets(url, out)
  }
  const download = fields['download']
  if (typeof download === 'object' && download !== null && typeof Reflect.get(download, 'url') === 'string') urlSecrets(Reflect.get(download, 'url') as string, out)
  const headers = fields['headers']
  if (typeof headers === 'object' && headers !== null) {
    for (const [name, value] of Object.entries(headers)) if (typeof value === 'string') headerSecrets(name, value, out)
  }
  return out
}

/** A header's secret: its value, or the credential after an auth scheme (`Bearer x` → `x`; Basic: the password too). */
export function headerSecrets(name: string, value: string, out: string[] = []): string[] {
  if (PUBLIC_HEADERS.has(name.toLowerCase())) return out
  const trimmed = value.trim()
  const scheme = AUTH_SCHEME.exec(trimmed)
  if (!scheme) {
    pushValue(out, trimmed)
    return out
  }
  const credential = scheme[2]?.trim() ?? ''
  pushValue(out, credential)
  if (scheme[1]?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credential, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon !== -1) pushValue(out, decoded.slice(colon + 1))
  }
  return out
}

/** Credentials in every `scheme://user:password@` of a text: the password (raw and decoded), a lone token, and their Basic form. */
export function urlSecrets(text: string, out: string[] = []): string[] {
  for (const match of text.matchAll(URL_USERINFO)) {
    const userinfo = match[1] ?? ''
    const colon = userinfo.indexOf(':')
    const user = colon === -1 ? userinfo : userinfo.slice(0, colon)
    const password = colon === -1 ? '' : userinfo.slice(colon + 1)
    const secret = password === '' ? user : password
    pushValue(out, secret)
    pushValue(out, decode(secret))
    pushValue(out, Buffer.from(`${decode(user)}:${decode(password)}`).toString('base64'))
  }
  return out
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function pushValue(out: string[], value: string | undefined): void {
  const trimmed = value?.trim()
  if (trimmed) out.push(trimmed)
}
