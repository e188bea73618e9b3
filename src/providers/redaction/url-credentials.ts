/**
 * `fetch` refuses a URL with credentials in it (`http://user:secret@host/v1`):
 * such a base URL is split into the URL without them and the `Authorization:
 * Basic` header they stand for, which is sent instead, unless the provider's
 * own `headers` set an `Authorization` already.
 */
export interface SplitURL {
  /** The URL without user info; `undefined` when none was given. */
  url: string | undefined
  /** `Basic <base64(user:password)>` when the URL carried credentials. */
  authorization: string | undefined
}

export function splitURLCredentials(url: string | undefined): SplitURL {
  if (url === undefined || !url.includes('@')) return { url, authorization: undefined }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { url, authorization: undefined }
  }
  if (parsed.username === '' && parsed.password === '') return { url, authorization: undefined }
  const credentials = `${decode(parsed.username)}:${decode(parsed.password)}`
  parsed.username = ''
  parsed.password = ''
  // the URL's own form, less the user info (`new URL` would add a trailing slash to a bare origin)
  const start = url.indexOf('://') + 3
  const slash = url.indexOf('/', start)
  const at = url.lastIndexOf('@', slash === -1 ? url.length : slash)
  const bare = start < 3 || at < start ? parsed.toString() : `${url.slice(0, start)}${url.slice(at + 1)}`
  return { url: bare, authorization: `Basic ${Buffer.from(credentials).toString('base64')}` }
}

/** The headers to send: the given ones, plus `Authorization` from the URL's credentials when they set none. */
export function withURLAuthorization(headers: Record<string, string> | undefined, authorization: string | undefined): Record<string, string> | undefined {
  if (authorization === undefined) return headers
  if (headers && Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) return headers
  return { ...headers, Authorization: authorization }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
