import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeFileAtomic } from '../../record/atomic-write.ts'

/** The Vitest config a fleet run writes in its folder. */
export const FLEET_CONFIG_FILE = 'vitest.fleet.config.mjs'

/** projects.ts next to this file (`.ts` in the repository, `.js` once built). */
const projectsModule = fileURLToPath(new URL(`./projects${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url))

/**
 * Writes `{run}/vitest.fleet.config.mjs`: a config whose projects are the
 * fleet's llmBench projects, computed in Vitest's process from the manifest
 * (fleetVitestProjects): no provider spec, header or key is written to disk.
 */
export function writeFleetConfig(runDir: string, manifestFile: string): string {
  const file = path.join(runDir, FLEET_CONFIG_FILE)
  const source = [
    '// Written by llm-test-bench fleet run: the fleet\'s llmBench projects, one per repository x scenario.',
    `import { fleetVitestProjects } from ${JSON.stringify(projectsModule)}`,
    '',
    `export default async () => ({ cacheDir: ${JSON.stringify(path.join(runDir, '.vite'))}, test: { projects: await fleetVitestProjects(${JSON.stringify(manifestFile)}, ${JSON.stringify(runDir)}) } })`,
    '',
  ].join('\n')
  writeFileAtomic(file, source)
  return file
}
