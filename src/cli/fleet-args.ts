import { parseArgs } from 'node:util'

export const FLEET_ACTIONS = ['validate', 'run', 'status', 'list', 'merge', 'plan'] as const
export const PLAN_TARGETS = ['github-actions', 'kubernetes'] as const
export type PlanTarget = (typeof PLAN_TARGETS)[number]
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
  /** fleet run --shard i/N: run only that shard (one machine of a multi-host run; needs --run-id). */
  shard: { index: number; count: number } | null
  /** fleet run --shard: the run id every machine shares. */
  runId: string | null
  /** fleet merge: the manifest, when the run folder has no fleet-run.json (blobs gathered from other machines). */
  mergeManifest: string | null
  /** fleet plan --for: what to write. */
  planFor: PlanTarget | null
  /** fleet plan: the file to write (default: printed). */
  out: string | null
  /** fleet plan --for kubernetes: the container image holding the repository and its node_modules. */
  image: string | null
  /** fleet plan --for kubernetes: the PersistentVolumeClaim the shards write to and the merge reads (default llm-bench-results). */
  volumeClaim: string | null
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
  shard: { type: 'string' },
  'run-id': { type: 'string' },
  manifest: { type: 'string' },
  for: { type: 'string' },
  out: { type: 'string' },
  image: { type: 'string' },
  'volume-claim': { type: 'string' },
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
  const shard = values.shard === undefined ? null : parseShard(values.shard, usage)
  if (shard !== null && action !== 'run') throw usage('--shard is for "fleet run" (one shard of a multi-host run)')
  if (shard !== null && values['run-id'] === undefined) throw usage('fleet run --shard needs --run-id: every machine of the run must use the same id (e.g. from "fleet run <manifest> --dry-run --json")')
  if (shard !== null && (values.wait === true || values.resume !== undefined || dryRun)) throw usage('--shard runs one shard in this process: it takes no --wait, --resume or --dry-run')
  if (values['run-id'] !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(values['run-id'])) throw usage(`--run-id takes a run id (letters, digits, ".", "_", "-"); found "${values['run-id']}"`)
  const planFor = values.for === undefined ? null : values.for
  if (planFor !== null && !(PLAN_TARGETS as readonly string[]).includes(planFor)) throw usage(`--for takes ${PLAN_TARGETS.join(' or ')}; found "${planFor}"`)
  if (!help && action === 'plan' && manifest === undefined) throw usage('fleet plan needs a manifest file, e.g. "llm-test-bench fleet plan fleet.yaml --for github-actions --shards 4"')
  if (!help && action === 'plan' && planFor === null) throw usage(`fleet plan needs --for ${PLAN_TARGETS.join('|')}`)
  if (!help && planFor === 'kubernetes' && values.image === undefined) throw usage('fleet plan --for kubernetes needs --image: a container image holding your repository with its node_modules installed')
  const runOrValidate = action === 'run' || action === 'validate' || action === 'plan'
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
    shard,
    runId: values['run-id'] ?? null,
    mergeManifest: values.manifest ?? null,
    planFor: planFor as PlanTarget | null,
    out: values.out ?? null,
    image: values.image ?? null,
    volumeClaim: values['volume-claim'] ?? null,
  }
}

function parseShard(text: string, usage: (message: string) => Error): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text)
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (match === null || index < 1 || count < 1 || index > count) throw usage(`--shard takes i/N with 1 <= i <= N, as Vitest's --shard does; found "${text}"`)
  return { index, count }
}

function isAction(action: string): action is FleetAction {
  return (FLEET_ACTIONS as readonly string[]).includes(action)
}
