/**
 * The `nvidia-smi` query the sampler runs and the parse of its CSV rows.
 *
 * nvidia-smi's CSV does not quote: values are joined with ", " whatever they contain, so a field
 * with a comma in it cannot be told apart from two fields. Only `name` is free text (a marketing
 * name such as "NVIDIA H100 80GB HBM3"); every other queried field is a number or a bracketed
 * placeholder. So the parse takes the first value as the index, the last five as the numbers, and
 * joins whatever lies between back into the name: a name with commas in it survives intact.
 */

/** The fields asked for, in this order (name second: see above for why a comma in it is safe). */
export const NVIDIA_SMI_QUERY_FIELDS = [
  'index',
  'name',
  'utilization.gpu',
  'memory.used',
  'memory.total',
  'temperature.gpu',
  'power.draw',
] as const

/** One GPU as one row of the query reports it; a value the GPU does not report is null. */
export interface NvidiaSmiRow {
  index: number
  name: string
  utilizationPct: number | null
  memoryUsedMiB: number | null
  memoryTotalMiB: number | null
  temperatureC: number | null
  powerW: number | null
}

/**
 * Arguments for one long-running `nvidia-smi` that prints every GPU's row every `intervalMs`
 * (`-lms`) until it is killed.
 */
export function nvidiaSmiArgs(intervalMs: number): string[] {
  return [
    `--query-gpu=${NVIDIA_SMI_QUERY_FIELDS.join(',')}`,
    '--format=csv,noheader,nounits',
    '-lms',
    String(Math.max(1, Math.round(intervalMs))),
  ]
}

const NUMBER = /^-?\d+(?:\.\d+)?$/
/** `[N/A]`, `[Not Supported]`, `[Unknown Error]`, `[Insufficient Permissions]`, `[GPU is lost]`... */
const PLACEHOLDER = /^\[[^\]]*\]$/

/** A numeric value, null for a placeholder, undefined when it is neither (not our CSV). */
function numberOrNull(value: string): number | null | undefined {
  if (NUMBER.test(value)) return Number(value)
  if (PLACEHOLDER.test(value) || value === 'N/A') return null
  return undefined
}

/** One line of the query's output as a row, or null when the line is not such a row. */
export function parseNvidiaSmiLine(line: string): NvidiaSmiRow | null {
  const parts = line.split(',').map((part) => part.trim())
  const numberCount = NVIDIA_SMI_QUERY_FIELDS.length - 2
  if (parts.length < NVIDIA_SMI_QUERY_FIELDS.length) return null
  const indexText = parts[0] as string
  if (!/^\d+$/.test(indexText)) return null
  const name = parts.slice(1, parts.length - numberCount).join(', ')
  if (name === '') return null
  const numbers = parts.slice(parts.length - numberCount).map(numberOrNull)
  if (numbers.some((n) => n === undefined)) return null
  const [utilizationPct, memoryUsedMiB, memoryTotalMiB, temperatureC, powerW] = numbers as Array<number | null>
  return {
    index: Number(indexText),
    name,
    utilizationPct: utilizationPct ?? null,
    memoryUsedMiB: memoryUsedMiB ?? null,
    memoryTotalMiB: memoryTotalMiB ?? null,
    temperatureC: temperatureC ?? null,
    powerW: powerW ?? null,
  }
}

/** A line shortened for an error message or a report line. */
export function shortLine(line: string, max = 160): string {
  const one = line.trim().replace(/\s+/g, ' ')
  return one.length > max ? `${one.slice(0, max - 1)}…` : one
}

/**
 * Every row of a chunk of the query's output (blank lines skipped). Throws, naming the line, when a
 * line is not a row: nvidia-smi printed an error ("NVIDIA-SMI has failed because...", "No devices
 * were found") or something else than the CSV asked for.
 */
export function parseNvidiaSmiCsv(text: string): NvidiaSmiRow[] {
  const rows: NvidiaSmiRow[] = []
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue
    const row = parseNvidiaSmiLine(line)
    if (row === null) throw new Error(`unexpected nvidia-smi output: "${shortLine(line)}"`)
    rows.push(row)
  }
  return rows
}
