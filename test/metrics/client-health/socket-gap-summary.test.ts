import { describe, expect, test } from 'vitest'
import { ClientHealthReportSchema, WorkerHealthSchema, type SocketGap, type WorkerHealth } from '../../../src/metrics/client-health/schema.ts'
import { clientHealthLine, summarizeClientHealth } from '../../../src/metrics/client-health/summarize.ts'
import { clientLagGate } from '../../../src/report/gates/client-lag-gate.ts'

/** The socket-to-timed gap in the run's client health: worst worker, the reason when unmeasured, the lag gate. */

const gap = (p99Ms: number | null, note?: string): SocketGap => ({
  p50Ms: p99Ms === null ? null : 0.2,
  p99Ms,
  maxMs: p99Ms === null ? null : p99Ms + 10,
  firstP50Ms: p99Ms === null ? null : 0.3,
  firstP99Ms: p99Ms,
  chunks: p99Ms === null ? 0 : 500,
  unmeasured: p99Ms === null ? 500 : 0,
  ...(note === undefined ? {} : { note }),
})

function worker(id: string, loopP99: number, socketGap?: SocketGap): WorkerHealth {
  const w: WorkerHealth = { id, pid: 1, timedMs: 1000, delay: { p50Ms: 0.5, p99Ms: loopP99, maxMs: loopP99 + 5, meanMs: 1, samples: 100 }, cpuPct: 50 }
  return socketGap === undefined ? w : { ...w, socketGap }
}

describe('socket-to-timed gap in the summary', () => {
  test('the worst worker p99 and max; the line says it', () => {
    const report = summarizeClientHealth([worker('a', 2, gap(1.5)), worker('b', 3, gap(4))], 10, null)
    expect(report).toMatchObject({ socketGapP99Ms: 4, socketGapMaxMs: 14, clientBound: false })
    expect(report.socketGapNote).toBeUndefined()
    expect(clientHealthLine(report)).toContain('socket-to-timed gap p99 4.0 ms')
    expect(ClientHealthReportSchema.parse(report)).toEqual(report)
  })

  test('a gap above maxLagMs makes the figures client-bound though the loop was quiet; the gate says which', () => {
    const report = summarizeClientHealth([worker('a', 2, gap(40))], 10, null)
    expect(report).toMatchObject({ p99Ms: 2, socketGapP99Ms: 40, clientBound: true, excessMs: 30 })
    const gate = clientLagGate(report, 10)
    expect(gate).toMatchObject({ passed: false, actual: 40 })
    expect(gate.message).toContain('socket-to-timed gap p99 40')
    expect(clientLagGate(summarizeClientHealth([worker('a', 25, gap(3))], 10, null), 10)).toMatchObject({ passed: false, actual: 25 })
  })

  test('chunks timed but no arrival seen (Node 20): null figures with the reason', () => {
    const note = "no socket arrival seen: Node v20.20.2's fetch (undici 6.24.1) publishes no undici:request:bodyChunkReceived diagnostics event"
    const report = summarizeClientHealth([worker('a', 2, gap(null, note))], 10, null)
    expect(report).toMatchObject({ socketGapP99Ms: null, socketGapMaxMs: null, socketGapNote: note, clientBound: false })
    expect(clientHealthLine(report)).toContain('socket-to-timed gap -')
    expect(clientLagGate(report, 10)).toMatchObject({ passed: true, actual: 2 })
  })

  test('workers from before the gap existed (no socketGap field) still parse and summarize as before', () => {
    const old = WorkerHealthSchema.parse({ id: 'a', pid: 1, timedMs: 10, delay: null, cpuPct: null })
    const report = summarizeClientHealth([old], 10, null)
    expect(report.socketGapP99Ms).toBeUndefined()
    expect(clientHealthLine(report)).not.toContain('socket-to-timed')
  })
})
