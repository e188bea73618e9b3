/**
 * Times one `writeFleetArtifacts` over the cells `generate.ts` wrote, in a fresh process, and
 * prints one JSON line: wall ms, CPU ms, peak RSS (MB, the process's max resident set), files.
 *
 *   node benchmarks/fleet-aggregate/aggregate.ts <dir> [formats] [folders|no-folders]
 */
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { FleetManifestSchema } from '../../src/fleet/manifest-schema.ts'
import { writeFleetArtifacts, type FleetCellInput } from '../../src/fleet/results/write.ts'
import { PROVIDERS } from './providers.ts'

const [dir = '', formatsText = 'json,csv,html', folders = 'folders'] = process.argv.slice(2)
const cells = JSON.parse(readFileSync(join(dir, 'cells.json'), 'utf8')) as FleetCellInput[]
const repoIds = [...new Set(cells.map((c) => c.repoId))]
const manifest = FleetManifestSchema.parse({
  fleet_id: 'bench',
  version: 1,
  repositories: repoIds.map((repo_id) => ({ repo_id, path: repo_id, adapter: 'generic', scenarios: ['smoke'] })),
  providers: PROVIDERS,
  scenario_profiles: { smoke: { dataset: '*.dataset.yaml' } },
  output: { formats: formatsText.split(',') },
  gates: { minPassRate: 0.8 },
})
const runDir = join(dir, 'run')
rmSync(runDir, { recursive: true, force: true })
const cpu0 = process.cpuUsage()
const t0 = performance.now()
const out = writeFleetArtifacts(runDir, { runId: 'bench-run', manifest, cells, cellFolders: folders === 'folders' })
const wallMs = performance.now() - t0
const cpu = process.cpuUsage(cpu0)
process.stdout.write(
  `${JSON.stringify({ wallMs: Math.round(wallMs), cpuMs: Math.round((cpu.user + cpu.system) / 1000), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), tests: out.results.summary.totalTests, responseFiles: out.responseFiles })}\n`,
)
