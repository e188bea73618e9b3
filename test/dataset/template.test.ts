import { describe, expect, test } from 'vitest'
import { renderTemplate, templateVariables } from '../../src/dataset/template.ts'

describe('renderTemplate', () => {
  test('replaces placeholders, with or without spaces inside the braces', () => {
    expect(renderTemplate('Explain {{lang}} {{ feature }}!', { lang: 'Rust', feature: 'ownership' })).toBe('Explain Rust ownership!')
  })

  test('writes numbers and booleans out', () => {
    expect(renderTemplate('{{n}} items, {{ratio}}, strict={{strict}}', { n: 3, ratio: 0.5, strict: false })).toBe('3 items, 0.5, strict=false')
  })

  test('names may contain digits, dots, dashes and underscores', () => {
    expect(renderTemplate('{{user.name}}/{{max-len}}/{{_x1}}', { 'user.name': 'ada', 'max-len': 10, _x1: 'y' })).toBe('ada/10/y')
  })

  test('the same placeholder twice, and a value containing braces is not rendered again', () => {
    expect(renderTemplate('{{a}} and {{a}}', { a: '{{b}}', b: 'no' })).toBe('{{b}} and {{b}}')
  })

  test('\\{{ escapes a literal {{', () => {
    expect(renderTemplate('Use \\{{ name }} in Handlebars, {{name}}', { name: 'Ada' })).toBe('Use {{ name }} in Handlebars, Ada')
  })

  test('anything that is not a placeholder is left alone', () => {
    const text = 'JSON: {"a": {"b": 1}} and {{ not valid }} and {{9lives}} and {single}'
    expect(renderTemplate(text, {})).toBe(text)
  })

  test('a variable without a value throws, naming it', () => {
    expect(() => renderTemplate('Hi {{ who }}', {})).toThrow('template variable "who" has no value')
  })

  test('inherited object properties are not values', () => {
    expect(() => renderTemplate('{{toString}}', {})).toThrow('"toString"')
  })
})

describe('templateVariables', () => {
  test('lists names once, in order of appearance, skipping escaped braces', () => {
    expect(templateVariables('{{b}} {{ a }} {{b}} \\{{c}} {{d.e}}')).toEqual(['b', 'a', 'd.e'])
  })

  test('a template without placeholders has none', () => {
    expect(templateVariables('plain { text }')).toEqual([])
  })
})
