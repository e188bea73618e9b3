import { describe, expect, test } from 'vitest'
import { jsonForScript } from '../../../src/report/html/embed-json.ts'
import { EVIL, EVIL_TEXT } from './fixture.ts'

describe('jsonForScript', () => {
  const value = { output: EVIL_TEXT, prompt: `${EVIL.breakout}<!--<script>`, nested: [{ s: 'a & b > c < d \u2028 \u2029' }], n: 1.5, nil: null }
  const json = jsonForScript(value)

  test('leaves no character that could end or bend a script block', () => {
    expect(json).not.toMatch(/[<>&\u2028\u2029]/)
    expect(json.toLowerCase()).not.toContain('</script')
    expect(json).toContain('\\u003c/script\\u003e')
    expect(json).toContain('\\u0026')
    expect(json).toContain('\\u2028')
  })

  test('parses back to the same value', () => {
    expect(JSON.parse(json)).toEqual(value)
  })
})
