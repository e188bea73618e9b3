import { z } from 'zod'
import { ProviderError } from './errors.ts'
import { issueLines } from './unknown-keys.ts'

/** The NAME of an environment variable holding a key (never the key itself), with a default name. */
export function apiKeyEnvSchema(defaultName: string) {
  return z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, `the NAME of an environment variable (e.g. ${defaultName}), not a key`)
    .default(defaultName)
}

/** An http(s) URL; `example` shows the expected form in the error. */
export function httpURLSchema(example: string) {
  return z.url({ protocol: /^https?$/, error: `an http(s) URL such as ${example}` })
}

/** Extra HTTP headers sent with every request (values may be secrets: never shown in messages). */
export const HeadersSchema = z.record(z.string(), z.string())

/** The value of an environment variable, trimmed (a stray newline from a .env file makes an invalid header); `undefined` when unset or blank. */
export function readKey(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

/** True when `url` (absent: the default) points at `host` itself. */
export function isHost(url: string | undefined, host: string): boolean {
  if (url === undefined) return true
  try {
    return new URL(url).hostname === host
  } catch {
    return false
  }
}

/** A provider's options, validated; an Error naming the provider type and every problem otherwise. */
export function parseProviderOptions<S extends z.ZodType>(schema: S, input: unknown, label: string): z.output<S> {
  const parsed = schema.safeParse(input)
  if (!parsed.success) throw new Error(`invalid ${label} provider options:\n${issueLines(schema, parsed.error).map((line) => `  ${line}`).join('\n')}`)
  return parsed.data
}

export interface ApiKeySettings {
  providerId: string
  /** The variable holding the key. */
  envName: string
  /** The provider's own API is targeted (it needs a real key). */
  official: boolean
  /** Sent instead to a compatible server or proxy that needs no key. */
  placeholder: string
  /** How to fix a missing key, in the error. */
  hint: string
}

/**
 * The key from the environment; the placeholder for a server that is not the
 * official API; a `missing_key` ProviderError when the official API is targeted
 * without one. `secrets` is what messages must redact (the placeholder is none).
 */
export function resolveApiKey(settings: ApiKeySettings, env: NodeJS.ProcessEnv = process.env): { apiKey: string; secrets: string[] } {
  const value = readKey(env, settings.envName)
  if (value !== undefined) return { apiKey: value, secrets: [value] }
  if (!settings.official) return { apiKey: settings.placeholder, secrets: [] }
  throw new ProviderError(
    `${settings.providerId}: no API key: the environment variable ${settings.envName} is not set (${settings.hint}) [missing_key]`,
    { errorClass: 'missing_key', providerId: settings.providerId },
  )
}
