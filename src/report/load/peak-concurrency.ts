/**
 * The most intervals [start, end) open at one moment: requests in flight at once. An interval that
 * ends at the instant another starts does not overlap it (the slot was freed, then taken).
 * `starts` and `ends` are sorted ascending and of equal length.
 */
export function peakConcurrency(starts: ArrayLike<number>, ends: ArrayLike<number>): number {
  let open = 0
  let peak = 0
  let e = 0
  for (let s = 0; s < starts.length; s++) {
    const start = starts[s] as number
    while (e < ends.length && (ends[e] as number) <= start) {
      open--
      e++
    }
    open++
    if (open > peak) peak = open
  }
  return peak
}
