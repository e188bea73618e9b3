/**
 * A 32-bit FNV-1a hash of an output's UTF-16 code units: a large report's
 * light rows carry it so the matrix's "only where they differ" filter can
 * compare outputs without loading every case. The page's script computes the
 * same (client/matrix.ts `outputFingerprint`) for the cases it holds whole.
 */
export function outputFingerprint(output: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < output.length; i++) {
    h ^= output.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}
