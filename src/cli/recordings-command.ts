import { existsSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { displayPath, recordingPath } from '../providers/cache/paths.ts'
import { pruneRecording, type PruneResult } from '../providers/cache/prune.ts'
import { loadProjects } from './load-projects.ts'
import type { RecordingsArgs } from './recordings-args.ts'
import { usedRequests } from './used-requests.ts'

export interface Output {
  out: (text: string) => void
  err: (text: string) => void
}

const SUFFIX = '.recording.yaml'

/**
 * `llm-test-bench recordings prune`: loads every llmBench project of the
 * Vitest config in `cwd`, builds the request hash of each case on each of its
 * providers as the runner does, and takes out of each dataset's recording file
 * the entries no current request uses. Exit codes: 0 done, 2 the command could
 * not run (config, dataset or recording file unreadable, a named file missing).
 */
export async function recordingsCommand(args: RecordingsArgs, cwd: string, io: Output): Promise<number> {
  try {
    return await prune(args, cwd, io)
  } catch (error) {
    // every failure here is input the user can fix (config, dataset, recording file): its message says where
    io.err(`llm-test-bench recordings prune: ${error instanceof Error ? error.message : String(error)}\n`)
    return 2
  }
}

async function prune(args: RecordingsArgs, cwd: string, io: Output): Promise<number> {
  const projects = await loadProjects([], cwd)
  if (projects.length === 0) throw new Error(`no llmBench project in the Vitest config of ${cwd}`)
  // one recording file per dataset file, shared by every project that runs it: a hash any of them sends is in use
  const used = new Map<string, Set<string>>()
  for (const project of projects) {
    const source = { providers: project.options.providers, customEvaluators: Object.keys(project.options.evaluators ?? {}) }
    for (const [file, hashes] of await usedRequests(source, project.datasetFiles)) {
      const all = used.get(file) ?? new Set<string>()
      for (const hash of hashes) all.add(hash)
      used.set(file, all)
    }
  }
  const byRecording = new Map([...used.keys()].map((datasetFile) => [recordingPath(datasetFile), datasetFile]))
  const targets = args.files.length > 0 ? namedFiles(args.files, cwd, byRecording) : [...byRecording.keys()].filter((file) => existsSync(file)).sort()

  const results: PruneResult[] = []
  for (const file of targets) {
    const datasetFile = byRecording.get(file) as string
    results.push(await pruneRecording(file, datasetFile, used.get(datasetFile) ?? new Set(), { dryRun: args.dryRun }))
  }
  for (const result of results) io.out(describe(result, args.dryRun))
  const removed = results.reduce((sum, r) => sum + r.removed.length, 0)
  const changed = results.filter((r) => r.removed.length > 0).length
  io.out(
    args.dryRun
      ? `dry run: would remove ${removed} ${plural(removed, 'entry', 'entries')} from ${changed} of ${results.length} recording ${plural(results.length, 'file', 'files')}; nothing written\n`
      : `removed ${removed} ${plural(removed, 'entry', 'entries')} from ${changed} of ${results.length} recording ${plural(results.length, 'file', 'files')}\n`,
  )
  if (args.files.length === 0) for (const orphan of orphans(byRecording)) io.out(`${displayPath(orphan)}: no dataset of this config uses it (delete it unless another config does)\n`)
  return 0
}

/** Files named on the command line: each must exist and be the recording file of a dataset of the config. */
function namedFiles(files: readonly string[], cwd: string, byRecording: ReadonlyMap<string, string>): string[] {
  return files.map((name) => {
    const file = resolve(cwd, name)
    if (!existsSync(file)) throw new Error(`no recording file ${name} (${file})`)
    if (!byRecording.has(file)) throw new Error(`${name} is not the recording file of a dataset of this config (a recording of <dir>/x.dataset.yaml is <dir>/__recordings__/x.dataset.yaml${SUFFIX})`)
    return file
  })
}

/** Recording files in the datasets' `__recordings__` folders whose dataset is not one of the config's. */
function orphans(byRecording: ReadonlyMap<string, string>): string[] {
  const dirs = new Set([...byRecording.keys()].map((file) => dirname(file)))
  const found: string[] = []
  for (const dir of dirs) {
    let names: string[] = []
    try {
      names = readdirSync(dir)
    } catch {
      continue
    }
    for (const name of names) if (name.endsWith(SUFFIX) && !byRecording.has(join(dir, name))) found.push(join(dir, name))
  }
  return found.sort()
}

function describe(result: PruneResult, dryRun: boolean): string {
  const total = result.kept + result.removed.length
  const head = `${displayPath(result.file)}: `
  if (result.removed.length === 0) return `${head}${total} ${plural(total, 'entry', 'entries')}, all in use\n`
  const verb = dryRun ? 'would remove' : 'removed'
  const lines = result.removed.map((e) => `  - ${e.caseId} › ${e.provider} (request ${e.requestHash}, recorded ${e.recordedAt})\n`)
  return `${head}${verb} ${result.removed.length} of ${total} ${plural(total, 'entry', 'entries')} (${result.kept} kept)\n${lines.join('')}`
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many
}
