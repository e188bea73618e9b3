import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from '../../record/atomic-write.ts'
import { writeFleetConfig } from './config-file.ts'
import { shardState } from './execute.ts'
import { FLEET_SHARD_ENV } from './projects.ts'
import { ShardStateSchema } from './state.ts'
import { runVitest } from './vitest-process.ts'

/** One shard of a fleet run, on its own machine: the unit of work of a CI matrix job or a Kubernetes Indexed Job. */
export interface ShardOptions {
  runId: string
  runDir: string
  manifestFile: string
  /** 1-based. */
  index: number
  count: number
  env?: NodeJS.ProcessEnv
}

/** `{run}/shards/shard-{i}.json`: which host ran a shard, when, and how it ended (the merge reports a shard without a blob as died). */
export const ShardRunSchema = z.strictObject({
  runId: z.string(),
  host: z.string(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  count: z.int().positive(),
  shard: ShardStateSchema,
  blob: z.string(),
})
export type ShardRun = z.output<typeof ShardRunSchema>

/** Where shard `index`'s blob report goes: `{run}/blobs/blob-{i}.json`, the folder `fleet merge` reads. */
export function shardBlobPath(runDir: string, index: number): string {
  return path.join(runDir, 'blobs', `blob-${index}.json`)
}

/**
 * Runs shard `index` of `count` of a fleet run in this process tree: the
 * fleet's Vitest config is written into the run folder, Vitest runs with
 * `--shard=i/N --reporter=blob`, and the shard's own record lands in
 * `shards/shard-{i}.json`. Nothing else of the run folder is touched, so N
 * machines can share one folder (a volume) or each have their own and ship
 * their blob to the merge.
 */
export async function executeFleetShard(options: ShardOptions): Promise<ShardRun> {
  const { runDir, index, count } = options
  mkdirSync(path.join(runDir, 'shards'), { recursive: true })
  const startedAt = new Date().toISOString()
  const config = writeFleetConfig(runDir, options.manifestFile)
  const blob = shardBlobPath(runDir, index)
  const exit = await runVitest(['run', '--config', config, `--shard=${index}/${count}`, '--reporter=blob', `--outputFile=${blob}`], {
    cwd: runDir,
    logFile: path.join(runDir, 'shards', `shard-${index}.log`),
    env: { ...(options.env ?? process.env), LLM_BENCH_RESUME: 'false', VITEST_BLOB_LABEL: `shard-${index}`, [FLEET_SHARD_ENV]: String(index) },
  })
  const run: ShardRun = { runId: options.runId, host: hostname(), startedAt, endedAt: new Date().toISOString(), count, shard: shardState(index, exit), blob: path.relative(runDir, blob) }
  writeFileAtomic(path.join(runDir, 'shards', `shard-${index}.json`), `${JSON.stringify(ShardRunSchema.parse(run), null, 2)}\n`)
  return run
}


/** The shard records of a run folder (`shards/shard-{i}.json`), by index; files that do not fit are left out. */
export function readShardRuns(runDir: string): ShardRun[] {
  const dir = path.join(runDir, 'shards')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => /^shard-\d+\.json$/.test(name))
    .flatMap((name) => {
      try {
        const parsed = ShardRunSchema.safeParse(JSON.parse(readFileSync(path.join(dir, name), 'utf8')))
        return parsed.success ? [parsed.data] : []
      } catch {
        return []
      }
    })
    .sort((a, b) => a.shard.index - b.shard.index)
}
