import { readFileSync } from 'node:fs'

/**
 * A V8 heap snapshot read without one big JSON.parse (a worker's snapshot can pass V8's
 * longest string): the numeric `nodes` and `edges` arrays are scanned from the bytes.
 */
export interface HeapSnapshot {
  nodeFields: string[]
  edgeFields: string[]
  nodeTypes: string[]
  edgeTypes: string[]
  nodes: Float64Array
  edges: Uint32Array
  strings: string[]
}

export function readHeapSnapshot(file: string): HeapSnapshot {
  const bytes = readFileSync(file)
  const section = (name: string): number => {
    const at = bytes.indexOf(`"${name}":`)
    if (at < 0) throw new Error(`${file}: no "${name}" section`)
    return bytes.indexOf('[', at)
  }
  const headEnd = section('nodes')
  const head = bytes.subarray(0, headEnd).toString()
  const metaStart = head.indexOf('"meta":')
  const metaJson = balanced(head, head.indexOf('{', metaStart))
  const meta = JSON.parse(metaJson) as { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]] }
  const countMatch = /"node_count":(\d+)/.exec(head)
  const edgeMatch = /"edge_count":(\d+)/.exec(head)
  const nodes = numbers(bytes, headEnd, Number(countMatch?.[1]) * meta.node_fields.length, Float64Array)
  const edges = numbers(bytes, section('edges'), Number(edgeMatch?.[1]) * meta.edge_fields.length, Uint32Array)
  const stringsAt = section('strings')
  const end = bytes.lastIndexOf(']')
  const strings = JSON.parse(bytes.subarray(stringsAt, end + 1).toString()) as string[]
  return { nodeFields: meta.node_fields, edgeFields: meta.edge_fields, nodeTypes: meta.node_types[0], edgeTypes: meta.edge_types[0], nodes, edges, strings }
}

function balanced(text: string, start: number): string {
  let depth = 0
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++
    else if (text[i] === '}' && --depth === 0) return text.slice(start, i + 1)
  }
  throw new Error('unbalanced meta')
}

function numbers<T extends Float64Array | Uint32Array>(bytes: Buffer, open: number, count: number, Kind: new (n: number) => T): T {
  const out = new Kind(count)
  let n = 0
  let value = 0
  let inNumber = false
  for (let i = open + 1; n < count; i++) {
    const c = bytes[i] as number
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48)
      inNumber = true
    } else if (inNumber) {
      out[n++] = value
      value = 0
      inNumber = false
    }
  }
  return out
}
