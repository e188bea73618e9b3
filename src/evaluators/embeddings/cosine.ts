/** Cosine similarity of two vectors of the same length, -1..1; 0 when either is all zeros. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`embeddings of different lengths (${a.length} and ${b.length}) cannot be compared`)
  if (a.length === 0) throw new Error('empty embeddings cannot be compared')
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0
    const y = b[i] ?? 0
    dot += x * y
    na += x * x
    nb += y * y
  }
  if (na === 0 || nb === 0) return 0
  return Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)))
}

/** The score a cosine maps to: max(0, cos), so opposite and unrelated texts both score 0. */
export function similarityScore(cosine: number): number {
  return Math.max(0, Math.min(1, cosine))
}
