import { z } from 'zod'

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
