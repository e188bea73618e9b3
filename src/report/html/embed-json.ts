/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` become
 * `\u003c`, `\u003e`, `\u0026`, so no `</script>` or `<!--` in a string can end
 * or bend the block; U+2028/U+2029 are escaped too. `JSON.parse` of the
 * block's text gives the value back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
