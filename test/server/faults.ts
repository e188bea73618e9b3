import type { Fault, FaultMode, RequestInfo } from './types.ts'

/** The current fault, for every request or for the next N completion requests only. */
export interface FaultState {
  set(fault: Fault | FaultMode | null, count?: number): void
  /** The fault for this completion request (a per-request choice first), counting one use of the current fault. */
  take(request: RequestInfo): Fault | undefined
}

export function toFault(fault: Fault | FaultMode): Fault {
  return typeof fault === 'string' ? { mode: fault } : fault
}

export function createFaultState(
  pick: ((request: RequestInfo) => Fault | FaultMode | undefined) | undefined,
  initial: Fault | FaultMode | undefined,
  initialCount: number | undefined,
): FaultState {
  let current: Fault | undefined = initial === undefined ? undefined : toFault(initial)
  let remaining: number | undefined = initialCount
  return {
    set(fault, count) {
      current = fault === null ? undefined : toFault(fault)
      remaining = count
    },
    take(request) {
      const own = pick?.(request)
      if (own !== undefined) return toFault(own)
      if (current === undefined) return undefined
      const fault = current
      if (remaining !== undefined) {
        remaining--
        if (remaining <= 0) {
          current = undefined
          remaining = undefined
        }
      }
      return fault
    },
  }
}
