import { createHash } from 'node:crypto'

/** The CSP source for an inline script or style with exactly this text. */
export function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
}

/**
 * A Content-Security-Policy that lets the page run only its own inline
 * scripts and styles (by hash) and load nothing at all: no network, no frames,
 * no forms, no plugins. Images only as `data:` URLs. `dynamic` adds
 * 'strict-dynamic': a script those hashes allow may insert other scripts (a
 * large report's case chunks beside it); nothing else may.
 */
export function contentSecurityPolicy(inline: { scripts: readonly string[]; styles: readonly string[]; dynamic?: boolean }): string {
  return [
    "default-src 'none'",
    `script-src ${inline.scripts.map(hashSource).join(' ')}${inline.dynamic ? " 'strict-dynamic'" : ''}`,
    `style-src ${inline.styles.map(hashSource).join(' ')}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}
