import { parseArgs } from 'node:util'

export const FLEET_ACTIONS = ['validate', 'run'] as const
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
}

const OPTIONS = {
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  replay: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
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
  if (!help && action !== undefined && manifest === undefined) throw usage(`fleet ${action} needs a manifest file, e.g. "llm-test-bench fleet ${action} fleet.yaml"`)
  if (extra.length > 0) throw usage(`fleet ${action ?? ''} takes one manifest file; found also ${extra.map((e) => `"${e}"`).join(', ')}`)
  if (dryRun && action === 'validate') throw usage('--dry-run is for "fleet run"; "fleet validate" never runs anything')
  return { command: 'fleet', action: action ?? null, manifest: manifest ?? null, dryRun, json: values.json === true, replay: values.replay === true, help }
}

function isAction(action: string): action is FleetAction {
  return (FLEET_ACTIONS as readonly string[]).includes(action)
}
