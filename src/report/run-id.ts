import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { stableStringify } from '../record/stable-json.ts'

/** `<name>-<YYYYMMDD-HHMMSS>-<8-hex hash of config + datasets>` (UTC time). */
export function runId(name: string, startedAt: Date, config: unknown, datasetFiles: readonly string[]): string {
  const hash = createHash('sha256').update(stableStringify(config))
  for (const file of [...datasetFiles].sort()) {
    hash.update(`\0${file}\0`)
    try {
      hash.update(readFileSync(file))
    } catch {
      hash.update('(unreadable)')
    }
  }
  return `${safeName(name)}-${timestamp(startedAt)}-${hash.digest('hex').slice(0, 8)}`
}

function timestamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'run'
}
