import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { REPO } from '../helpers/run-vitest.ts'

/** fixtures/fleet: three repositories and a good manifest. */
export const FLEET_FIXTURES = path.join(REPO, 'fixtures', 'fleet')

/** A throwaway copy of fixtures/fleet (its repos/ and fleet.yaml) to write manifests and break datasets in. */
export function fleetWorkspace(): { dir: string; write: (name: string, text: string) => string; remove: () => void } {
  const root = path.join(REPO, '.cache')
  mkdirSync(root, { recursive: true })
  const dir = mkdtempSync(path.join(root, 'fleet-'))
  cpSync(FLEET_FIXTURES, dir, { recursive: true })
  return {
    dir,
    write: (name, text) => {
      const file = path.join(dir, name)
      mkdirSync(path.dirname(file), { recursive: true })
      writeFileSync(file, text)
      return file
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** 1-based line and column of the first `needle` in `text` (where an issue about that text should point). */
export function positionOf(text: string, needle: string, nth = 1): { line: number; column: number } {
  let index = -1
  for (let i = 0; i < nth; i++) {
    index = text.indexOf(needle, index + 1)
    if (index === -1) throw new Error(`"${needle}" is not in the text`)
  }
  const before = text.slice(0, index).split('\n')
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 }
}

/** A valid manifest over the fixture repositories; tests replace parts of it. */
export const GOOD = `fleet_id: t-fleet
version: 1
repositories:
  - repo_id: checkout-app
    path: repos/checkout-app
    adapter: native
    scenarios: [qa, summaries]
  - repo_id: docs-bot
    path: repos/docs-bot
    adapter: generic
    datasets: datasets/**/*.dataset.yaml
    scenarios: [qa, summaries]
providers:
  - local
  - openai:stories@http://127.0.0.1:8080/v1
scenario_profiles:
  qa:
    dataset: "{**/qa.dataset.*,**/qa/*.dataset.*}"
    num_examples: 2
  summaries:
    dataset: "**/*summaries.dataset.yaml"
`
