import type { TestModule } from 'vitest/node'
import { WorkerHealthSchema, type WorkerHealth } from '../metrics/client-health/schema.ts'
import { cpuPercent } from '../metrics/client-health/summarize.ts'

/** The main process's CPU clock at the start of a run. */
export interface CpuMark {
  at: number
  usage: NodeJS.CpuUsage
}

/**
 * What a project's dataset modules carried in `meta().llmBenchClientHealth` (their workers' event-loop
 * delay and CPU); from a blob too (`--merge-reports`). A value that is not a worker summary is left out.
 */
export function clientHealthOf(modules: ReadonlyArray<TestModule>, projectName: string): WorkerHealth[] {
  return modules.flatMap((m) => {
    if (m.project.name !== projectName) return []
    const parsed = WorkerHealthSchema.safeParse(m.meta().llmBenchClientHealth)
    return parsed.success ? [parsed.data] : []
  })
}

/** The main process's CPU since `mark`, % of one core; null without a mark. */
export function mainCpuPct(mark: CpuMark | null): number | null {
  if (!mark) return null
  const used = process.cpuUsage(mark.usage)
  return cpuPercent(used.user + used.system, performance.now() - mark.at)
}
