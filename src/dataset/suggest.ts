/**
 * The known name closest to a misspelt one, or null when none is close enough
 * to be a likely typo (edit distance at most a third of the word, at least 1,
 * ignoring case).
 */
export function closestName(word: string, candidates: Iterable<string>): string | null {
  let best: string | null = null
  let bestDistance = Math.max(1, Math.floor(word.length / 3))
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase())
    if (distance <= bestDistance && (best === null || distance < bestDistance)) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

/** `, did you mean "temperature"?` or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const suggestion = closestName(word, candidates)
  return suggestion === null ? '' : `, did you mean "${suggestion}"?`
}

/** Levenshtein distance, with a swap of two neighbours counting as one edit. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)]
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) row.push(cellDistance(rows, row, a, b, i, j))
    rows.push(row)
  }
  return rows[a.length]?.[b.length] ?? 0
}

function cellDistance(rows: number[][], row: number[], a: string, b: string, i: number, j: number): number {
  const above = rows[i - 1] ?? []
  const cost = a[i - 1] === b[j - 1] ? 0 : 1
  let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost)
  const swapped = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]
  if (swapped) best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1)
  return best
}
