import path from 'node:path'

export const REPO = path.resolve(import.meta.dirname, '../../..')
import type { FromLogsOptions } from '../../../src/dataset/from-logs/build.ts'

export const LOGS = path.join(REPO, 'fixtures', 'logs')
export const log = (name: string): string => path.join(LOGS, name)

/** Builder options with the command's defaults. */
export function options(files: string[], out: string, extra: Partial<FromLogsOptions> = {}): FromLogsOptions {
  return {
    files,
    out,
    strategy: 'random',
    by: 'metadata.category',
    count: null,
    seed: 1,
    since: null,
    requireLabels: false,
    expected: 'none',
    dedup: 'near',
    nearThreshold: 0.8,
    redact: [],
    baseDir: REPO,
    ...extra,
  }
}
