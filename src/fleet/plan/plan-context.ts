import path from 'node:path'
import { missingKeys } from '../../providers/keys.ts'
import type { ProviderSpec } from '../../providers/spec.ts'
import type { FleetManifest } from '../manifest-schema.ts'

/** What a generated multi-host plan needs to know of the fleet, with paths as the repository root sees them. */
export interface PlanContext {
  fleetId: string
  /** The manifest, relative to the repository root (where the plan's commands run), with "/". */
  manifest: string
  /** The manifest's output.base_dir, relative to the repository root, with "/". */
  baseDir: string
  shards: number
  /** Environment variables the providers read their API keys from, sorted. */
  keyVariables: string[]
}

/** The context of a validated manifest; `root` is the repository root (the folder the plan is written for). */
export function planContext(manifestFile: string, manifest: FleetManifest, providers: readonly ProviderSpec[], root: string, shards: number): PlanContext {
  const posix = (p: string): string => p.split(path.sep).join('/')
  const manifestDir = path.dirname(manifestFile)
  return {
    fleetId: manifest.fleet_id,
    manifest: posix(path.relative(root, manifestFile)),
    baseDir: posix(path.relative(root, path.resolve(manifestDir, manifest.output.base_dir))) || '.',
    shards,
    keyVariables: [...new Set(missingKeys(providers, {}).map((m) => m.variable))].sort(),
  }
}

/** A quoted word for `sh`: safe for any path or id. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`
}
