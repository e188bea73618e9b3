import { parseArgs } from 'node:util'

export const FLEET_ACTIONS = ['validate', 'run', 'status', 'list', 'merge'] as const
export type FleetAction = (typeof FLEET_ACTIONS)[number]

/** `llm-test-bench fleet validate <manifest>` and `llm-test-bench fleet run <manifest> --dry-run [--json]` */
export interface FleetArgs {
  command: 'fleet'
  /** null: `llm-test-bench fleet` alone or with --help. */
  action: FleetAction | null
  /** The manifest file, relative to the current directory. */
  manifest: string | null
  dryRun: boolean
  json: boolean
  /** Check API keys as if recordings were replayed (no key needed); also set by LLM_BENCH_CACHE=replay. */
  replay: boolean
  help: boolean
  /** fleet run: stay until the run ends (else a detached process runs it). */
  wait: boolean
  /** fleet run: Vitest shards (over the manifest's output.shards). */
  shards: number | null
  /** fleet run: the run id to continue. */
  resume: string | null
  /** fleet status: the run id; fleet merge: the blob folder (in `manifest` for run/validate). */
  target: string | null
  /** fleet list / status: the base folder of run folders (default fleet-results). */
  baseDir: string | null
  /** Internal: this process is the detached runner of the run in this folder. */
  detachedRunDir: string | null
}

const OPTIONS = {
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  replay: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  wait: { type: 'boolean' },
  shards: { type: 'string' },
  resume: { type: 'string' },
  'base-dir': { type: 'string' },
  'run-dir': { type: 'string' },
} as const

export function parseFleetArgs(args: readonly string[], usage: (message: string) => Error): FleetArgs {
  let parsed
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: true })
  } catch (error) {
    throw usage(error instanceof Error ? error.message : String(error))
  }
  const { values, positionals } = parsed
  const [action, manifest, ...extra] = positionals
  const help = values.help === true
  const dryRun = values['dry-run'] === true
  if (action === undefined && !help) throw usage(`fleet needs an action: ${FLEET_ACTIONS.join(', ')}`)
  if (action !== undefined && !isAction(action)) throw usage(`unknown fleet action "${action}"; expected ${FLEET_ACTIONS.join(' or ')}`)
  if (!help && (action === 'validate' || action === 'run') && manifest === undefined) throw usage(`fleet ${action} needs a manifest file, e.g. "llm-test-bench fleet ${action} fleet.yaml"`)
  if (!help && action === 'status' && manifest === undefined) throw usage('fleet status needs a run id, e.g. "llm-test-bench fleet status demo-fleet-20261206-095001-1cb5cb48"')
  if (!help && action === 'merge' && manifest === undefined) throw usage('fleet merge needs a blob folder, e.g. "llm-test-bench fleet merge fleet-results/<run-id>/blobs"')
  const shards = values.shards === undefined ? null : Number(values.shards)
  if (shards !== null && (!Number.isInteger(shards) || shards < 1)) throw usage(`--shards takes a whole number of at least 1; found "${values.shards}"`)
  if (extra.length > 0) throw usage(`fleet ${action ?? ''} takes one manifest file; found also ${extra.map((e) => `"${e}"`).join(', ')}`)
  if (dryRun && action === 'validate') throw usage('--dry-run is for "fleet run"; "fleet validate" never runs anything')
  const runOrValidate = action === 'run' || action === 'validate'
  return {
    command: 'fleet',
    action: action ?? null,
    manifest: runOrValidate ? (manifest ?? null) : null,
    dryRun,
    json: values.json === true,
    replay: values.replay === true,
    help,
    wait: values.wait === true,
    shards,
    resume: values.resume ?? null,
    target: runOrValidate ? null : (manifest ?? null),
    baseDir: values['base-dir'] ?? null,
    detachedRunDir: values['run-dir'] ?? null,
  }
}

function isAction(action: string): action is FleetAction {
  return (FLEET_ACTIONS as readonly string[]).includes(action)
}
