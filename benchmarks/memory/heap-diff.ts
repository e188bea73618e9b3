/**
 * benchmarks/memory/heap-diff.ts: what grew between two heap snapshots of one process.
 *
 *   node --max-old-space-size=6000 benchmarks/memory/heap-diff.ts <early.heapsnapshot> <late.heapsnapshot> <cases between> [--paths 8]
 *
 * Prints the groups (node type and constructor or closure name) whose count and self size grew most,
 * in bytes per case, and for the largest groups one retainer path of an object new in the later snapshot.
 */
import { parseArgs } from 'node:util'
import { readHeapSnapshot, type HeapSnapshot } from './heap-snapshot.ts'

const { positionals, values } = parseArgs({ allowPositionals: true, options: { paths: { type: 'string', default: '10' }, depth: { type: 'string', default: '4' }, top: { type: 'string', default: '30' } } })
const [earlyFile, lateFile, casesText] = positionals
if (!earlyFile || !lateFile || !casesText) throw new Error('usage: heap-diff.ts <early> <late> <cases between>')
const cases = Number(casesText)

interface Group { count: number; size: number }
function groups(s: HeapSnapshot): { byName: Map<string, Group>; total: number; ids: Set<number> } {
  const f = s.nodeFields.length
  const type = s.nodeFields.indexOf('type'), name = s.nodeFields.indexOf('name'), size = s.nodeFields.indexOf('self_size'), id = s.nodeFields.indexOf('id')
  const byName = new Map<string, Group>()
  const ids = new Set<number>()
  let total = 0
  for (let i = 0; i < s.nodes.length; i += f) {
    const key = groupKey(s, i, type, name)
    const g = byName.get(key) ?? { count: 0, size: 0 }
    g.count++
    g.size += s.nodes[i + size] as number
    total += s.nodes[i + size] as number
    byName.set(key, g)
    ids.add(s.nodes[i + id] as number)
  }
  return { byName, total, ids }
}
function groupKey(s: HeapSnapshot, i: number, type: number, name: number): string {
  const t = s.nodeTypes[s.nodes[i + type] as number] ?? '?'
  const n = t === 'string' || t === 'concatenated string' || t === 'sliced string' || t === 'number' || t === 'code' ? '' : (s.strings[s.nodes[i + name] as number] ?? '?').slice(0, 60)
  return `${t}:${n}`
}

// `none` as the early snapshot: the later one's groups whole (e.g. divided by the tests registered)
const early = earlyFile === 'none' ? { byName: new Map<string, Group>(), total: 0, ids: new Set<number>() } : groups(readHeapSnapshot(earlyFile))
const lateSnapshot = readHeapSnapshot(lateFile)
const late = groups(lateSnapshot)
console.log(`heap ${(early.total / 1e6).toFixed(1)} MB → ${(late.total / 1e6).toFixed(1)} MB over ${cases} cases: ${((late.total - early.total) / cases).toFixed(0)} B/case`)
const grown = [...late.byName].map(([key, g]) => {
  const e = early.byName.get(key) ?? { count: 0, size: 0 }
  return { key, count: g.count - e.count, size: g.size - e.size, lateCount: g.count }
}).sort((a, b) => b.size - a.size)
console.log('group'.padEnd(64), 'objects/case', 'B/case', 'count(late)')
for (const g of grown.slice(0, Number(values.top))) console.log(g.key.padEnd(64), (g.count / cases).toFixed(2).padStart(12), (g.size / cases).toFixed(0).padStart(6), String(g.lateCount).padStart(10))

// retainer paths of new objects in the largest groups
const s = lateSnapshot
const nf = s.nodeFields.length, ef = s.edgeFields.length
const typeF = s.nodeFields.indexOf('type'), nameF = s.nodeFields.indexOf('name'), idF = s.nodeFields.indexOf('id'), edgeCountF = s.nodeFields.indexOf('edge_count')
const eType = s.edgeFields.indexOf('type'), eName = s.edgeFields.indexOf('name_or_index'), eTo = s.edgeFields.indexOf('to_node')
const nodeCount = s.nodes.length / nf
const firstEdge = new Uint32Array(nodeCount + 1)
for (let n = 0, e = 0; n < nodeCount; n++) { firstEdge[n] = e; e += (s.nodes[n * nf + edgeCountF] as number) * ef }
firstEdge[nodeCount] = s.edges.length
// shortest path from the root (BFS over strong edges): each node's retainer is the one nearest the root
const retainer = new Int32Array(nodeCount).fill(-1)
const retainerEdge = new Int32Array(nodeCount).fill(-1)
const queue = new Int32Array(nodeCount)
const reached = new Uint8Array(nodeCount)
let head = 0, tail = 0
queue[tail++] = 0
reached[0] = 1
while (head < tail) {
  const n = queue[head++] as number
  for (let e = firstEdge[n] as number; e < (firstEdge[n + 1] as number); e += ef) {
    const kind = s.edgeTypes[s.edges[e + eType] as number]
    if (kind === 'weak' || kind === 'shortcut') continue
    const to = (s.edges[e + eTo] as number) / nf
    if (reached[to]) continue
    reached[to] = 1
    retainer[to] = n
    retainerEdge[to] = e
    queue[tail++] = to
  }
}
const label = (n: number): string => `${s.nodeTypes[s.nodes[n * nf + typeF] as number]}:${(s.strings[s.nodes[n * nf + nameF] as number] ?? '').slice(0, 50)}`
const edgeLabel = (e: number): string => {
  const kind = s.edgeTypes[s.edges[e + eType] as number]
  const v = s.edges[e + eName] as number
  return kind === 'element' || kind === 'hidden' ? `[${v}]` : `.${(s.strings[v] ?? '').slice(0, 40)}`
}
// for each of the largest groups: its new objects' retainer chains (3 steps towards the root), by size, and one whole path
const strip = (text: string): string => text.replace(/\[\d+\]/g, '[n]')
for (const g of grown.slice(0, Number(values.paths))) {
  const chains = new Map<string, { count: number; size: number }>()
  let sample = -1
  for (let n = 0; n < nodeCount; n++) {
    if (groupKey(s, n * nf, typeF, nameF) !== g.key || early.ids.has(s.nodes[n * nf + idF] as number)) continue
    sample = n
    const steps: string[] = []
    for (let at = n, depth = 0; depth < Number(values.depth); depth++) {
      const r = retainer[at] as number
      if (r < 0) break
      steps.push(`${strip(edgeLabel(retainerEdge[at] as number))}←${label(r).replace(/^object:/, '')}`)
      at = r
    }
    const key = steps.join(' ')
    const c = chains.get(key) ?? { count: 0, size: 0 }
    c.count++
    c.size += s.nodes[n * nf + s.nodeFields.indexOf('self_size')] as number
    chains.set(key, c)
  }
  console.log(`\n${g.key}: ${(g.size / cases).toFixed(0)} B/case`)
  for (const [key, c] of [...chains].sort((a, b) => b[1].size - a[1].size).slice(0, 6)) console.log(`  ${(c.size / cases).toFixed(0).padStart(5)} B/case ${(c.count / cases).toFixed(2).padStart(5)}/case  ${key}`)
  if (sample < 0) continue
  const path: string[] = []
  for (let at = sample, depth = 0; depth < 24; depth++) {
    const r = retainer[at] as number
    if (r < 0) break
    path.push(`${edgeLabel(retainerEdge[at] as number)}←${label(r)}`)
    at = r
  }
  console.log(`  e.g. ${path.join(' ')}`)
}
