import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { stableStringify } from '../record/stable-json.ts'

/** `{fleet_id}-{YYYYMMDD-HHMMSS}-{8 hex}`, the time in UTC. */
export const FLEET_RUN_ID = /^(.+)-(\d{8})-(\d{6})-([0-9a-f]{8})$/

/**
 * A fleet run's id: `{fleet_id}-{YYYYMMDD-HHMMSS}-{hash}` (UTC; ids of one
 * fleet sort by start time). The hash is the first 8 hex digits of a SHA-256
 * of the manifest's data (keys sorted: formatting and key order do not count)
 * and of every dataset file's path relative to the manifest and its bytes, so
 * the same manifest and dataset contents give the same hash on any machine and
 * in any checkout folder.
 */
export function fleetRunId(fleetId: string, startedAt: Date, manifestData: unknown, manifestDir: string, datasetFiles: readonly string[]): string {
  return `${fleetId}-${utcStamp(startedAt)}-${fleetHash(manifestData, manifestDir, datasetFiles)}`
}

export function fleetHash(manifestData: unknown, manifestDir: string, datasetFiles: readonly string[]): string {
  const hash = createHash('sha256').update(stableStringify(manifestData))
  const relative = [...new Set(datasetFiles)].map((file) => ({ file, name: path.relative(manifestDir, path.resolve(manifestDir, file)).split(path.sep).join('/') }))
  for (const { file, name } of relative.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    hash.update(`\0${name}\0`)
    hash.update(readFileSync(path.resolve(manifestDir, file)))
  }
  return hash.digest('hex').slice(0, 8)
}

function utcStamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`
}
