/**
 * Finds where a JSON text stops being valid JSON, and what was expected there.
 * `JSON.parse` says whether a text is valid, but not always where it is not
 * (V8 omits the position for some errors), so this small scanner walks the
 * grammar and stops at the first character that does not fit.
 */
export interface JsonSyntaxError {
  offset: number
  expected: string
  found: string
}

class Stop {
  readonly error: JsonSyntaxError
  constructor(error: JsonSyntaxError) {
    this.error = error
  }
}

/** The first syntax error in `text`, or null when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const scanner = new JsonScanner(text)
  try {
    scanner.document()
    return null
  } catch (error) {
    if (error instanceof Stop) return error.error
    throw error
  }
}

class JsonScanner {
  private at = 0
  private readonly text: string
  constructor(text: string) {
    this.text = text
  }

  document(): void {
    this.value()
    this.space()
    if (this.at < this.text.length) this.fail('end of input')
  }

  private value(): void {
    this.space()
    const char = this.text[this.at]
    if (char === '{') return this.object()
    if (char === '[') return this.array()
    if (char === '"') return this.string()
    if (char === '-' || isDigit(char)) return this.number()
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.at)) return void (this.at += word.length)
    }
    this.fail('a value')
  }

  private object(): void {
    this.at++
    this.space()
    if (this.eat('}')) return
    do {
      this.space()
      if (this.text[this.at] !== '"') this.fail('a property name in double quotes')
      this.string()
      this.space()
      if (!this.eat(':')) this.fail('":"')
      this.value()
      this.space()
    } while (this.eat(','))
    if (!this.eat('}')) this.fail('"," or "}"')
  }

  private array(): void {
    this.at++
    this.space()
    if (this.eat(']')) return
    do this.value()
    while (this.spaceThenEat(','))
    if (!this.eat(']')) this.fail('"," or "]"')
  }

  private string(): void {
    this.at++
    while (this.at < this.text.length) {
      const char = this.text[this.at] ?? ''
      if (char === '"') return void this.at++
      if (char < ' ') this.fail('an escaped control character')
      this.at += char === '\\' ? this.escapeLength() : 1
    }
    this.fail('a closing double quote')
  }

  private escapeLength(): number {
    const next = this.text[this.at + 1] ?? ''
    if ('"\\/bfnrt'.includes(next) && next !== '') return 2
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) return 6
    this.at++
    return this.fail('a valid escape sequence')
  }

  private number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.at))
    if (match === null) this.fail('a number')
    this.at += match[0].length
  }

  private space(): void {
    while (' \t\n\r'.includes(this.text[this.at] ?? 'x')) this.at++
  }

  private spaceThenEat(char: string): boolean {
    this.space()
    return this.eat(char)
  }

  private eat(char: string): boolean {
    if (this.text[this.at] !== char) return false
    this.at++
    return true
  }

  private fail(expected: string): never {
    const char = this.text[this.at]
    const found = char === undefined ? 'end of input' : JSON.stringify(char)
    throw new Stop({ offset: this.at, expected, found })
  }
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9'
}
