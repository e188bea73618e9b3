import { createHash } from 'node:crypto'
import { open, stat } from 'node:fs/promises'
import type { Env } from './cache-dir.ts'
import { defaultDownload } from './download-model.ts'
import type { LocalModelDownload } from './local-spec.ts'
import { downloadsDisabled, locateModel } from './resolve-model.ts'

/** Bytes read from each end of the file. */
const END_BYTES = 1024 * 1024
/** Samples read from evenly spaced places in between, and their size. */
const SAMPLES = 16
const SAMPLE_BYTES = 64 * 1024

export interface ModelIdentityOptions {
  /** Default `process.cwd()`. */
  cwd?: string | undefined
  /** Default `process.env`. */
  env?: Env | undefined
}

/**
 * What tells the local provider's model apart in request hashes, so that
 * recordings made with one GGUF never answer for another. Found the way the
 * provider finds its model, without downloading or loading it:
 *
 * - a GGUF on disk (`modelPath`, `LLM_BENCH_MODEL`, `models/`): `gguf:<size>:<fingerprint>`,
 *   see {@link fingerprintFile}; the same bytes under another name, folder or machine keep the key;
 * - the download-cache model, or one still to download: `sha256:<pinned sha256>`, the
 *   checksum the download is verified against, so a replay needs no download.
 *
 * When no model can be found (downloads disabled, misconfigured) the key is
 * `unresolved`: nothing recorded matches, and the call fails with the provider's
 * own "no model" message.
 */
export async function localModelId(spec: { id: string; modelPath?: string | undefined; download?: LocalModelDownload | false | undefined }, options: ModelIdentityOptions = {}): Promise<string> {
  let located
  try {
    located = await locateModel(spec, options)
  } catch {
    return 'unresolved'
  }
  if (located.kind === 'download') {
    // the provider would fail with its own "no model" message: nothing may replay for it
    if (downloadsDisabled(spec, options.env ?? process.env) !== null) return 'unresolved'
    return `sha256:${located.download.sha256.toLowerCase()}`
  }
  if (located.model.source === 'cache') {
    // findCachedModel only returns a file whose sha256 is the pinned one
    const download = pinnedDownload(spec, options)
    if (download !== null) return `sha256:${download.sha256.toLowerCase()}`
  }
  return fingerprintFile(located.model.path)
}

function pinnedDownload(spec: { download?: LocalModelDownload | false | undefined }, options: ModelIdentityOptions): LocalModelDownload | null {
  if (spec.download) return spec.download
  try {
    return defaultDownload(options.env ?? process.env)
  } catch {
    return null
  }
}

const memo = new Map<string, Promise<string>>()

/**
 * A fast content fingerprint of a (multi-GB) file: sha256 over its size, its
 * first and last MiB and 16 evenly spaced 64 KiB samples, about 3 MiB read
 * whatever the size. The GGUF header and metadata (name, architecture,
 * quantization, tokenizer) are in the first MiB and tensor data is sampled
 * throughout, so two models differ in it unless they differ only in bytes no
 * sample covers. Content only, never path or mtime: a copy on a CI machine has
 * the key it had on the laptop. Kept per process by path, size, mtime and inode.
 */
export async function fingerprintFile(path: string): Promise<string> {
  const info = await stat(path)
  const key = `${path}\u0000${info.size}\u0000${info.mtimeMs}\u0000${info.ino}`
  let fingerprint = memo.get(key)
  if (fingerprint === undefined) {
    fingerprint = computeFingerprint(path, info.size)
    memo.set(key, fingerprint)
    fingerprint.catch(() => memo.delete(key))
  }
  return fingerprint
}

async function computeFingerprint(path: string, size: number): Promise<string> {
  const hash = createHash('sha256').update(`gguf-fingerprint-v1\u0000${size}\u0000`)
  const handle = await open(path, 'r')
  try {
    for (const [start, length] of regions(size)) {
      const buffer = Buffer.alloc(length)
      let done = 0
      while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, start + done)
        if (bytesRead === 0) break
        done += bytesRead
      }
      hash.update(buffer.subarray(0, done))
    }
  } finally {
    await handle.close()
  }
  return `gguf:${size}:${hash.digest('hex').slice(0, 32)}`
}

/** The [start, length] ranges read: the first MiB, the samples, the last MiB; merged where they overlap. */
export function regions(size: number): Array<[number, number]> {
  const wanted: Array<[number, number]> = [[0, Math.min(END_BYTES, size)]]
  for (let i = 1; i <= SAMPLES; i++) {
    const start = Math.floor((size * i) / (SAMPLES + 1))
    wanted.push([start, Math.min(SAMPLE_BYTES, size - start)])
  }
  wanted.push([Math.max(0, size - END_BYTES), Math.min(END_BYTES, size)])
  const merged: Array<[number, number]> = []
  for (const [start, length] of wanted.sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1)
    if (last && start <= last[0] + last[1]) last[1] = Math.max(last[1], start + length - last[0])
    else if (length > 0) merged.push([start, length])
  }
  return merged
}
