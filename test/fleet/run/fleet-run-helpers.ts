import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { REPO } from '../../helpers/run-vitest.ts'
import { childEnvironment, runInProcessGroup, type GroupRun } from '../../helpers/process-group.ts'
import { FleetRunStateSchema, type FleetRunState } from '../../../src/fleet/run/state.ts'

const NODE = path.join(REPO, 'node_modules', '.bin', 'node')
const CLI = path.join(REPO, 'src', 'cli.ts')

/** `llm-test-bench <args>` as a real child process in `cwd`. */
export function cli(cwd: string, args: readonly string[], timeoutMs = 150_000): Promise<GroupRun> {
  return runInProcessGroup(NODE, [CLI, ...args], { cwd, env: childEnvironment({ NO_COLOR: '1', LLM_BENCH_RESUME: undefined, LLM_BENCH_CACHE: undefined }), timeoutMs })
}

/**
 * A manifest over the fixture repositories plus `repos/broken-bot` (a
 * summaries dataset that does not parse): three cells that run, one broken,
 * all on the test server as an OpenAI-compatible provider.
 */
export function manifestText(openaiURL: string, extra = ''): string {
  return `fleet_id: run-fleet
version: 1
repositories:
  - { repo_id: checkout-app, path: repos/checkout-app, adapter: native, scenarios: [summaries] }
  - { repo_id: docs-bot, path: repos/docs-bot, adapter: generic, datasets: "datasets/**/*.dataset.yaml", scenarios: [summaries] }
  - { repo_id: support-bot, path: repos/support-bot, adapter: generic, datasets: "evals/*.dataset.yaml", scenarios: [summaries] }
  - { repo_id: broken-bot, path: repos/broken-bot, adapter: generic, scenarios: [summaries] }
providers:
  - openai:stories@${openaiURL}
scenario_profiles:
  summaries:
    dataset: "**/*summaries.dataset.yaml"
    concurrency: 1
${extra}output: { base_dir: out }
`
}

/** A summaries dataset whose YAML does not parse. */
export const BROKEN_DATASET = 'name: broken-summaries\ntest_cases:\n  - id: one\n    prompt: [unclosed\n'

/** The run id a `fleet run` printed first. */
export function runIdOf(output: string): string {
  const id = /Fleet run (\S+)/.exec(output)?.[1]
  if (id === undefined) throw new Error(`no run id in:\n${output}`)
  return id
}

export function readState(runDir: string): FleetRunState {
  return FleetRunStateSchema.parse(JSON.parse(readFileSync(path.join(runDir, 'fleet-run.json'), 'utf8')))
}

export interface RecordKey {
  project: string
  dataset: string
  caseId: string
  provider: string
  status: string
}

/** Every record of every project run folder under `{run}/projects/`, as comparable keys, sorted. */
export function projectRecords(runDir: string): RecordKey[] {
  const projects = path.join(runDir, 'projects')
  if (!existsSync(projects)) return []
  const keys: RecordKey[] = []
  for (const project of readdirSync(projects)) {
    for (const run of readdirSync(path.join(projects, project))) {
      const file = path.join(projects, project, run, 'results.jsonl')
      if (!existsSync(file)) continue
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.trim() === '') continue
        let r: { dataset: string; caseId: string; provider: string; status: string }
        try {
          r = JSON.parse(line) as typeof r
        } catch {
          continue // a torn last line of a killed run
        }
        keys.push({ project, dataset: r.dataset, caseId: r.caseId, provider: r.provider, status: r.status })
      }
    }
  }
  return keys.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
}
