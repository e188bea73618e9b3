export { clientHealthSnapshot, setClientHealthEnabled, timedRequestEnded, timedRequestStarted } from './monitor.ts'
export { ClientHealthReportSchema, WorkerHealthSchema, type ClientHealthReport, type LoopDelay, type SocketGap, type WorkerHealth } from './schema.ts'
export { recordSocketGap, recordUnmeasuredChunk, socketGapSnapshot } from './socket-gaps.ts'
export { clientHealthLine, clientLagMs, cpuPercent, summarizeClientHealth, summarizeDelay, type DelayHistogram } from './summarize.ts'
