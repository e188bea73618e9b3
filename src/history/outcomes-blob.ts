import { deflateRawSync, inflateRawSync } from 'node:zlib'

/** One case's outcome as stored: its interned key id, passing samples, samples that ran, errored or timed-out samples. */
export interface PackedOutcome {
  keyId: number
  passes: number
  trials: number
  errors: number
}

/** Four unsigned 32-bit numbers a case, little-endian, deflated (case ids sort together, so ids and counts compress well). */
export function packOutcomes(outcomes: readonly PackedOutcome[]): Uint8Array {
  const data = new Uint8Array(outcomes.length * 16)
  const view = new DataView(data.buffer)
  let at = 0
  for (const o of outcomes) {
    view.setUint32(at, o.keyId, true)
    view.setUint32(at + 4, o.passes, true)
    view.setUint32(at + 8, o.trials, true)
    view.setUint32(at + 12, o.errors, true)
    at += 16
  }
  return deflateRawSync(data, { level: 1 })
}

/** The same blob from columns: case i has key id keyIdOf[ids[i]], and passes[i], trials[i], errors[i]. */
export function packOutcomeColumns(ids: Uint32Array, keyIdOf: Uint32Array, outcomes: { passes: Uint32Array; trials: Uint32Array; errors: Uint32Array }): Uint8Array {
  const data = new Uint8Array(ids.length * 16)
  const view = new DataView(data.buffer)
  for (let i = 0, at = 0; i < ids.length; i++, at += 16) {
    view.setUint32(at, keyIdOf[ids[i] as number] as number, true)
    view.setUint32(at + 4, outcomes.passes[i] as number, true)
    view.setUint32(at + 8, outcomes.trials[i] as number, true)
    view.setUint32(at + 12, outcomes.errors[i] as number, true)
  }
  return deflateRawSync(data, { level: 1 })
}

export function unpackOutcomes(blob: Uint8Array): PackedOutcome[] {
  const raw = inflateRawSync(blob)
  if (raw.byteLength % 16 !== 0) throw new Error(`history index: a case outcome block of ${raw.byteLength} bytes is not whole (16 bytes a case)`)
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
  const out: PackedOutcome[] = []
  for (let at = 0; at < raw.byteLength; at += 16) {
    out.push({ keyId: view.getUint32(at, true), passes: view.getUint32(at + 4, true), trials: view.getUint32(at + 8, true), errors: view.getUint32(at + 12, true) })
  }
  return out
}
