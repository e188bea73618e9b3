import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startTestServer, type TestServer } from '../../server/test-server.ts'
import { fleetWorkspace } from '../workspace.ts'
import { cli, runIdOf } from './fleet-run-helpers.ts'

/**
 * A scenario profile's `params` and `assert` reach every case of its cells
 * (the llmBench `scenario` option): checked on what the server was sent and
 * on the records' evaluations, against a profile without them.
 */
let server: TestServer
const workspace = fleetWorkspace()

beforeAll(async () => {
  server = await startTestServer({ answer: 'A short summary of the text.' })
})
afterAll(async () => {
  await server.close()
  workspace.remove()
})

interface Rec {
  caseId: string
  output: string | null
  usage?: { outputTokens?: number | null } | null
  evaluations: Array<{ name: string; pass: boolean }>
}

function records(runDir: string, project: string): Rec[] {
  const dir = path.join(runDir, 'projects', project)
  // run folders only (the history index lives beside them)
  return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).flatMap((run) =>
    readFileSync(path.join(dir, run, 'results.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Rec),
  )
}

describe('scenario profiles', () => {
  test('params go over the cases\' own, assert matchers are added to every case; a plain profile changes nothing', async () => {
    const manifest = workspace.write(
      'profiles.yaml',
      `fleet_id: profile-fleet
version: 1
repositories:
  - { repo_id: support-bot, path: repos/support-bot, adapter: generic, datasets: "evals/*.dataset.yaml", scenarios: [tight, plain] }
providers:
  - openai:stories@${server.openaiURL}
scenario_profiles:
  tight:
    dataset: "**/*summaries.dataset.yaml"
    params: { max_tokens: 2, temperature: 0 }
    assert:
      - toMatchRegex: { pattern: '^A short$' }
  plain:
    dataset: "**/*summaries.dataset.yaml"
output: { base_dir: out }
`,
    )
    const run = await cli(workspace.dir, ['fleet', 'run', manifest, '--wait'])
    const runDir = path.join(workspace.dir, 'out', runIdOf(run.stdout))
    const tight = records(runDir, 'support-bot__tight')
    const plain = records(runDir, 'support-bot__plain')
    expect(tight.map((r) => r.caseId).sort(), run.output).toEqual(['invoice-copy', 'login-loop'])
    expect(plain).toHaveLength(2)
    for (const r of tight) {
      // the server stopped at the profile's max_tokens
      expect(r.output, r.caseId).toBe('A short')
      expect(r.evaluations.find((e) => e.name === 'toMatchRegex'), r.caseId).toMatchObject({ pass: true })
    }
    for (const r of plain) {
      expect(r.output).toBe('A short summary of the text.')
      expect(r.evaluations.map((e) => e.name)).not.toContain('toMatchRegex')
    }
  }, 300_000)
})
