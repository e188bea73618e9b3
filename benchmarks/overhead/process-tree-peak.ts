import { readFileSync, readdirSync } from 'node:fs'

/**
 * Peak resident memory of a process and all its descendants, sampled from
 * /proc while it runs (Linux). VmHWM is each process's own high-water mark, so
 * a sample late in a process's life catches its peak.
 */
export interface PeakRss {
  largestMb: number
  sumMb: number
  /** Each process's peak, largest first: [command, MB]. */
  processes: [string, number][]
}

export function watchPeakRss(rootPid: number, intervalMs = 25): { stop(): PeakRss } {
  const peaks = new Map<number, number>()
  const names = new Map<number, string>()
  let sumPeak = 0
  const sample = (): void => {
    const pids = descendants(rootPid)
    let sum = 0
    for (const pid of pids) {
      const kb = readKb(pid, 'VmHWM')
      const rss = readKb(pid, 'VmRSS')
      if (kb > 0) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, kb))
      // read again until it names a script: a forked worker shows its parent's command line until it execs
      if (!/vitest\.mjs|bare-loop|forks|threads|watchdog/.test(names.get(pid) ?? '') || /vitest\.mjs/.test(names.get(pid) ?? '')) {
        // a process that is exiting has an empty command line: keep the name read before
        const name = command(pid)
        if (name !== null || !names.has(pid)) names.set(pid, name ?? `${pid} ?`)
      }
      sum += rss
    }
    sumPeak = Math.max(sumPeak, sum)
  }
  const timer = setInterval(sample, intervalMs)
  sample()
  return {
    stop() {
      clearInterval(timer)
      const largest = Math.max(0, ...peaks.values())
      const processes = [...peaks].sort(([, a], [, b]) => b - a).map(([pid, kb]): [string, number] => [names.get(pid) ?? String(pid), kb / 1024])
      return { largestMb: largest / 1024, sumMb: sumPeak / 1024, processes }
    },
  }
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      const list = children.get(ppid) ?? []
      list.push(Number(entry))
      children.set(ppid, list)
    } catch {
      // the process ended meanwhile
    }
  }
  const out: number[] = []
  const stack = [root]
  while (stack.length > 0) {
    const pid = stack.pop() as number
    out.push(pid)
    stack.push(...(children.get(pid) ?? []))
  }
  return out
}

function readKb(pid: number, field: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
    return match ? Number(match[1]) : 0
  } catch {
    return 0
  }
}

/** The process's script, or null where its command line cannot be read (gone, or exiting: empty). */
function command(pid: number): string | null {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
    const script = argv.find((a) => /vitest\.mjs|bare-loop|forks|threads/.test(a)) ?? argv[1] ?? argv[0]
    return script === undefined ? null : `${pid} ${script.split('/').slice(-2).join('/')}`
  } catch {
    return null
  }
}
