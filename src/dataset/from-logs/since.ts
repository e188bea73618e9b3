/** `--since`: a duration back from now (`30d`, `12h`, `2w`, `45m`) or an ISO 8601 date/time; epoch ms, or null when it is neither. */
export function parseSince(text: string, now: number): number | null {
  const duration = /^(\d+(?:\.\d+)?)\s*(m|h|d|w)$/i.exec(text.trim())
  if (duration !== null) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[(duration[2] as string).toLowerCase() as 'm' | 'h' | 'd' | 'w']
    return now - Number(duration[1]) * unit
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return null
  const ms = Date.parse(text.trim())
  return Number.isNaN(ms) ? null : ms
}
