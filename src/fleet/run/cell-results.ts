import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { DatasetFailureSchema } from '../../report/results-schema.ts'
import type { FleetProjectPlan } from './cells.ts'
import { projectOutputDir } from './projects.ts'
import type { FleetCellState } from './state.ts'

/** The newest run folder of a project (one with results.jsonl), or null. */
export function projectRunDir(runDir: string, projectName: string): string | null {
  const dir = projectOutputDir(runDir, projectName)
  if (!existsSync(dir)) return null
  const runs = readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((folder) => existsSync(path.join(folder, 'results.jsonl')))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
  return runs.at(-1) ?? null
}

/** Records per provider id in a run folder's results.jsonl. */
function recordsByProvider(folder: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const line of readFileSync(path.join(folder, 'results.jsonl'), 'utf8').split('\n')) {
    if (line.trim() === '') continue
    try {
      const provider: unknown = Reflect.get(JSON.parse(line) as object, 'provider')
      if (typeof provider === 'string') counts.set(provider, (counts.get(provider) ?? 0) + 1)
    } catch {
      // a torn last line of a killed run: not a record
    }
  }
  return counts
}

/**
 * Each repository × scenario × provider cell after Vitest: its project's run
 * folder and why it has no results, if so (its dataset did not load, the
 * project was skipped at preflight, a shard that held it died, or it ran none
 * of its cases on that provider).
 */
export function collectCells(runDir: string, plans: readonly FleetProjectPlan[], providers: readonly string[], casesOf: (plan: FleetProjectPlan, provider: string) => number, shardNote: string | null): FleetCellState[] {
  return plans.flatMap((plan) => {
    const folder = projectRunDir(runDir, plan.name)
    const counts = folder === null ? new Map<string, number>() : recordsByProvider(folder)
    const finished = folder !== null && existsSync(path.join(folder, 'results.json'))
    const notRun = finished ? datasetFailures(path.join(folder, 'results.json')) : []
    return providers.map((provider) => {
      const expected = casesOf(plan, provider)
      const got = counts.get(provider) ?? 0
      let failure: string | null = null
      if (plan.problem !== null) failure = `a dataset of ${plan.repoId} does not load: ${plan.problem}`
      else if (folder === null) failure = `project ${plan.name} did not run (skipped at preflight, or its Vitest process died): see fleet.log${shardNote === null ? '' : `; ${shardNote}`}`
      else if (got < expected && notRun.length > 0) failure = `${got} of ${expected} cases recorded; dataset not run: ${notRun.join('; ')}`
      else if (got < expected) failure = `unfinished: ${got} of ${expected} cases recorded${shardNote === null ? '' : `; ${shardNote}`}`
      else if (!finished) failure = 'unfinished: the project run has no results.json'
      return { repoId: plan.repoId, scenario: plan.scenario, provider, projectName: plan.name, runDir: folder, failure }
    })
  })
}

/** The `datasetFailures` of a project's results.json (datasets that did not load when Vitest ran them), as messages. */
function datasetFailures(resultsFile: string): string[] {
  try {
    const parsed = z.object({ datasetFailures: z.array(DatasetFailureSchema) }).safeParse(JSON.parse(readFileSync(resultsFile, 'utf8')))
    return parsed.success ? parsed.data.datasetFailures.map((f) => f.message.split('\n').slice(0, 2).join(' ')) : []
  } catch {
    return []
  }
}
