import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { sortKeys } from '../record/stable-json.ts'
import type { Provenance } from './results-schema.ts'

/** How long one git command may take before the run goes on without it. */
const GIT_TIMEOUT_MS = 3_000

/**
 * Where a run came from: the git commit (null outside a repository or without
 * git), the hash of the resolved options without secret values, and each
 * dataset file's sha256 (paths relative to the project root). Never throws:
 * what cannot be read is null or left out.
 */
export function runProvenance(root: string, options: unknown, datasetFiles: Iterable<string>): Provenance {
  return { git: gitState(root), configHash: configHash(options), datasets: datasetHashes(root, datasetFiles) }
}

/** The commit, branch (null when detached) and whether tracked or untracked files differ from it. */
export function gitState(root: string): Provenance['git'] {
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8', timeout: GIT_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 16 * 1024 * 1024 }).trim()
  try {
    const commit = git('rev-parse', 'HEAD')
    let branch: string | null = null
    try {
      const name = git('rev-parse', '--abbrev-ref', 'HEAD')
      branch = name === 'HEAD' || name === '' ? null : name
    } catch {
      branch = null
    }
    let dirty = false
    try {
      dirty = git('status', '--porcelain', '--untracked-files=normal') !== ''
    } catch {
      dirty = false
    }
    return /^[0-9a-f]{40,64}$/.test(commit) ? { commit, branch, dirty } : null
  } catch {
    return null
  }
}

/** Keys whose values are secrets or carry them: their values never enter the hash. */
const SECRET_KEY = /key|token|secret|password|authorization|credential|cookie/i

/** sha256 (hex) of the stable JSON of the options with header values and secret-looking values left out; null when they cannot be serialised. */
export function configHash(options: unknown): string | null {
  try {
    return createHash('sha256').update(JSON.stringify(sortKeys(withoutSecrets(options)))).digest('hex')
  } catch {
    return null
  }
}

function withoutSecrets(value: unknown, inHeaders = false): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutSecrets(v))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, v] of Object.entries(value)) {
      // a header's name says what the request carries; its value may be a credential
      if (inHeaders || SECRET_KEY.test(key)) out[key] = v === undefined ? undefined : '<secret>'
      else out[key] = withoutSecrets(v, key.toLowerCase() === 'headers' || key.toLowerCase() === 'env')
    }
    return out
  }
  if (typeof value === 'string') return stripURLCredentials(value)
  if (typeof value === 'function') return `<function>`
  return value
}

/** `https://user:pass@host/` → `https://host/`: credentials in a base URL are no part of the config's identity. */
function stripURLCredentials(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1')
}

/** Each readable file's sha256, its path relative to the root (forward slashes), sorted by path. */
export function datasetHashes(root: string, files: Iterable<string>): Provenance['datasets'] {
  const out = new Map<string, string>()
  for (const file of files) {
    const absolute = isAbsolute(file) ? file : resolve(root, file)
    const path = relative(root, absolute).split(sep).join('/')
    if (out.has(path)) continue
    try {
      out.set(path, createHash('sha256').update(readFileSync(absolute)).digest('hex'))
    } catch {
      // a file gone since the run read it (or a hand-written test's virtual path): no hash to give
    }
  }
  return [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([file, sha256]) => ({ file, sha256 }))
}
