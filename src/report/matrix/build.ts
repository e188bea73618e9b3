import type { CaseRecord } from '../../record/schema.ts'

/** A column of the matrix: one provider, under one prompt variant when the dataset declares variants. */
export interface MatrixColumn {
  provider: string
  variant: string | null
  /** `variant · provider`, or the provider alone. */
  label: string
}

/** One case on one column: how many of its samples (repeats, bench samples) passed of those that ran. */
export interface MatrixCell {
  passes: number
  /** Samples that ran: passed, failed, errored or timed out (skipped left out, as in the pass rate). */
  trials: number
  /** Samples that errored or timed out. */
  errors: number
}

/** A case (dataset › case) across the columns; null: the case did not run on that column. */
export interface MatrixRow {
  dataset: string
  caseId: string
  cells: Array<MatrixCell | null>
}

export interface Matrix {
  columns: MatrixColumn[]
  rows: MatrixRow[]
}

/** The key of a record's column. */
export function columnKey(r: { provider: string; variant?: string | undefined }): string {
  return r.variant === undefined ? `\0${r.provider}` : `${r.variant}\0${r.provider}`
}

export function columnLabel(provider: string, variant: string | null): string {
  return variant === null ? provider : `${variant} · ${provider}`
}

/**
 * Collects the matrix a record at a time (statuses only: slim records do).
 * Columns are variant × provider, variants then providers in the order first
 * seen; rows are cases in the order first seen.
 */
export class MatrixBuilder {
  readonly #variants: Array<string | null> = []
  readonly #providers: string[] = []
  readonly #rows = new Map<string, { dataset: string; caseId: string; cells: Map<string, MatrixCell> }>()

  add(r: Pick<CaseRecord, 'dataset' | 'caseId' | 'provider' | 'status' | 'variant'>): void {
    const variant = r.variant ?? null
    if (!this.#variants.includes(variant)) this.#variants.push(variant)
    if (!this.#providers.includes(r.provider)) this.#providers.push(r.provider)
    const rowKey = `${r.dataset}\0${r.caseId}`
    let row = this.#rows.get(rowKey)
    if (!row) {
      row = { dataset: r.dataset, caseId: r.caseId, cells: new Map() }
      this.#rows.set(rowKey, row)
    }
    const key = columnKey(r)
    let cell = row.cells.get(key)
    if (!cell) {
      cell = { passes: 0, trials: 0, errors: 0 }
      row.cells.set(key, cell)
    }
    if (r.status === 'skipped') return
    cell.trials++
    if (r.status === 'passed') cell.passes++
    if (r.status === 'error' || r.status === 'timeout') cell.errors++
  }

  /** With `variantOrder` (the reference variant first, then the datasets' order), variants in that order; others after, as first seen. */
  result(variantOrder: readonly string[] = []): Matrix {
    const columns: MatrixColumn[] = []
    const keys: string[] = []
    const rank = (v: string | null): number => {
      const k = v === null ? -1 : variantOrder.indexOf(v)
      return k < 0 ? variantOrder.length : k
    }
    const variants = this.#variants.map((v, i) => [v, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([v]) => v)
    for (const variant of variants) {
      for (const provider of this.#providers) {
        const key = columnKey({ provider, variant: variant ?? undefined })
        // a variant × provider pair that never ran is no column
        if (![...this.#rows.values()].some((row) => row.cells.has(key))) continue
        keys.push(key)
        columns.push({ provider, variant, label: columnLabel(provider, variant) })
      }
    }
    const rows = [...this.#rows.values()].map((row) => ({ dataset: row.dataset, caseId: row.caseId, cells: keys.map((k) => row.cells.get(k) ?? null) }))
    return { columns, rows }
  }
}

export function buildMatrix(records: Iterable<Pick<CaseRecord, 'dataset' | 'caseId' | 'provider' | 'status' | 'variant'>>, variantOrder: readonly string[] = []): Matrix {
  const builder = new MatrixBuilder()
  for (const r of records) builder.add(r)
  return builder.result(variantOrder)
}

/** A cell's outcome as one state: the same state in every column means the columns agree on the case. */
export function cellState(cell: MatrixCell | null): string {
  if (cell === null) return 'none'
  if (cell.trials === 0) return 'skipped'
  if (cell.passes === cell.trials) return 'pass'
  if (cell.errors === cell.trials) return 'error'
  if (cell.passes === 0) return 'fail'
  return `${cell.passes}/${cell.trials}`
}

/** The columns disagree on the case: pass/fail (or pass count of the repeats) differs, or it ran on some columns only. */
export function rowDiffers(row: MatrixRow): boolean {
  const first = cellState(row.cells[0] ?? null)
  return row.cells.some((c) => cellState(c) !== first)
}
