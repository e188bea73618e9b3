export { clientHealthSnapshot, setClientHealthEnabled, timedRequestEnded, timedRequestStarted } from './monitor.ts'
export { ClientHealthReportSchema, WorkerHealthSchema, type ClientHealthReport, type LoopDelay, type WorkerHealth } from './schema.ts'
export { clientHealthLine, cpuPercent, summarizeClientHealth, summarizeDelay, type DelayHistogram } from './summarize.ts'
