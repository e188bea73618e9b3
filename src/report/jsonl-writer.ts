import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Appends one JSON document a line. Each line goes to the OS with one
 * `write(2)` as soon as it is given, so a crash or a kill loses no finished case.
 */
export class JsonlWriter {
  readonly file: string
  #fd: number | null

  constructor(file: string) {
    this.file = file
    mkdirSync(dirname(file), { recursive: true })
    this.#fd = openSync(file, 'a')
  }

  write(value: unknown): void {
    if (this.#fd === null) throw new Error(`${this.file} is closed`)
    writeSync(this.#fd, `${JSON.stringify(value)}\n`)
  }

  close(): void {
    if (this.#fd !== null) closeSync(this.#fd)
    this.#fd = null
  }
}
