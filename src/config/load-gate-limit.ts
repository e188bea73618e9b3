import { z } from 'zod'

/**
 * A load gate's limit (`gates.minGoodput`, `gates.maxP95TtftMs`): one number held at every measurement
 * of a bench load profile, or limits at named load levels by their label (`{ 'concurrency=4': 3.5 }`).
 */
export const loadGateLimit = z.union([z.number().min(0), z.record(z.string().min(1), z.number().min(0))])

export type LoadGateLimit = z.infer<typeof loadGateLimit>
