/**
 * What a terminal shows after a transcript (e.g. the output of `script`): a
 * small emulator of the control sequences Vitest and our progress lines use —
 * `\r`, `\n`, `\b`, CSI `K` (erase in line), `A`/`B`/`C`/`D` (cursor moves),
 * `G` (column), `J` (erase below); colours and private modes (`?2026h`,
 * `?25l`) change nothing visible here. Rows never scroll away, so the result is
 * the whole scrollback. Lines wrap at `columns`; `\n` also returns to column 0,
 * as the terminal driver's `onlcr` makes it.
 */
export function renderTranscript(transcript: string, columns: number): string[] {
  const rows: string[][] = [[]]
  let row = 0
  let col = 0
  const line = (r: number): string[] => {
    while (rows.length <= r) rows.push([])
    return rows[r] as string[]
  }
  const chars = [...transcript]
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string
    if (ch === '\x1b') {
      i = applyEscape(chars, i, (command, params) => {
        const n = params[0] ?? 0
        const current = line(row)
        if (command === 'K') {
          if (n === 0) current.splice(col)
          else if (n === 1) for (let c = 0; c <= col && c < current.length; c++) current[c] = ' '
          else current.length = 0
        } else if (command === 'A') row = Math.max(0, row - Math.max(1, n))
        else if (command === 'B') row += Math.max(1, n)
        else if (command === 'C') col += Math.max(1, n)
        else if (command === 'D') col = Math.max(0, col - Math.max(1, n))
        else if (command === 'G') col = Math.max(0, n - 1)
        else if (command === 'J' && n === 0) {
          current.splice(col)
          rows.length = row + 1
        }
      })
      continue
    }
    if (ch === '\r') col = 0
    else if (ch === '\n') {
      // as a terminal's line discipline does (onlcr): a new line starts at column 0
      row++
      col = 0
    }
    else if (ch === '\b') col = Math.max(0, col - 1)
    else if (ch >= ' ') {
      if (col >= columns) {
        row++
        col = 0
      }
      const current = line(row)
      while (current.length < col) current.push(' ')
      current[col++] = ch
    }
    line(row)
  }
  return rows.map((r) => r.join('').trimEnd())
}

/** Reads one escape sequence starting at `chars[start]` (ESC); calls `csi` for a CSI one; returns the index of its last char. */
function applyEscape(chars: string[], start: number, csi: (command: string, params: number[]) => void): number {
  const next = chars[start + 1]
  if (next === ']') {
    // OSC: up to BEL or ESC \
    let i = start + 2
    while (i < chars.length && chars[i] !== '\x07' && !(chars[i] === '\x1b' && chars[i + 1] === '\\')) i++
    return chars[i] === '\x1b' ? i + 1 : i
  }
  if (next !== '[') return start + 1
  let i = start + 2
  let body = ''
  while (i < chars.length && !/[@-~]/.test(chars[i] as string)) body += chars[i++]
  const command = chars[i] ?? ''
  if (!body.startsWith('?')) csi(command, body === '' ? [] : body.split(';').map((p) => Number(p) || 0))
  return i
}
