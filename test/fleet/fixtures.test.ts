import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadProjects } from '../../src/cli/load-projects.ts'
import { validateFleet } from '../../src/fleet/validate.ts'
import { FLEET_FIXTURES } from './workspace.ts'

describe('fixtures/fleet', () => {
  test('the native repository is a real llmBench project: Vitest finds the datasets the manifest\'s scenarios select there', async () => {
    const repo = path.join(FLEET_FIXTURES, 'repos', 'checkout-app')
    const [project] = await loadProjects(['llm'], repo)
    expect(project?.datasetFiles.map((file) => path.relative(repo, file))).toEqual(['datasets/qa.dataset.yaml', 'datasets/summaries.dataset.yaml'])
    const validation = validateFleet(path.join(FLEET_FIXTURES, 'fleet.yaml'), { env: {} })
    const selected = validation.groups.filter((g) => g.repoId === 'checkout-app').flatMap((g) => g.files)
    expect(selected).toEqual(project?.datasetFiles)
  })
})
