export { HISTORY_FILE, HistoryStore, HistoryUnavailableError, openHistory } from './store.ts'
export type { GroupQuery, HistoryCaseOutcome, HistoryGroup, HistoryRun, OpenOptions, RunQuery, SyncReport, TrendPoint, TrendQuery } from './store.ts'
export type { CaseOutcome, Figures, IndexCase } from './figures.ts'
export { pairedChange, type RunChange } from './change.ts'
