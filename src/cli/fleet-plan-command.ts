import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { displayPath, formatDatasetIssue } from '../dataset/errors.ts'
import { loadManifest } from '../fleet/load-manifest.ts'
import { githubActionsYaml } from '../fleet/plan/github-actions.ts'
import { kubernetesYaml } from '../fleet/plan/kubernetes.ts'
import { planContext } from '../fleet/plan/plan-context.ts'
import { fleetRunId } from '../fleet/run-id.ts'
import { validateFleetWithMatchers } from '../fleet/validate-matchers.ts'
import { writeFileAtomic } from '../record/atomic-write.ts'
import type { FleetArgs } from './fleet-args.ts'

interface Output {
  out: (text: string) => void
  err: (text: string) => void
}

/**
 * `fleet plan <manifest> --for github-actions|kubernetes [--shards N] [--out file]`:
 * the files that run the fleet on N machines of the orchestrator the user has,
 * Vitest's shards as the unit of work. The manifest is validated first (API
 * keys as if replaying: they live in the orchestrator's secrets, not here).
 */
export async function fleetPlanCommand(args: FleetArgs, file: string, cwd: string, io: Output): Promise<number> {
  const validation = await validateFleetWithMatchers(file, { replay: true })
  const manifest = validation.manifest
  if (manifest === null || validation.issues.length > 0) {
    io.err(`${validation.issues.map((i) => formatDatasetIssue(i)).join('\n')}\nfleet plan: the manifest has problems: no plan written\n`)
    return 1
  }
  const shards = args.shards ?? manifest.output.shards
  const context = planContext(validation.file, manifest, validation.providers, cwd, shards)
  const command = `llm-test-bench fleet plan ${context.manifest} --for ${args.planFor ?? ''} --shards ${shards}${args.image === null ? '' : ` --image ${args.image}`}${args.volumeClaim === null ? '' : ` --volume-claim ${args.volumeClaim}`}`
  let text: string
  if (args.planFor === 'kubernetes') {
    const manifestDir = path.dirname(validation.file)
    const files = [...new Set(validation.groups.flatMap((g) => g.files))]
    const runId = fleetRunId(manifest.fleet_id, new Date(), loadManifest(validation.file).source?.data, manifestDir, files)
    text = kubernetesYaml(context, { image: args.image ?? '', volumeClaim: args.volumeClaim ?? 'llm-bench-results', runId }, command)
  } else {
    text = githubActionsYaml(context, command)
  }
  if (args.out === null) {
    io.out(text)
    return 0
  }
  const out = path.resolve(cwd, args.out)
  mkdirSync(path.dirname(out), { recursive: true })
  writeFileAtomic(out, text)
  io.out(`wrote ${displayPath(out)}: ${args.planFor === 'kubernetes' ? `an Indexed Job of ${shards} pods and a merge Job` : `a workflow: plan, ${shards} shard jobs, merge`}\n`)
  return 0
}
