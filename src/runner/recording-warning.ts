/** Recording files this worker has warned about. */
const warned = new Set<string>()

/**
 * Says once per recording file (per worker) that responses could not be
 * recorded and are kept all the same: otherwise a run whose recordings all
 * failed would look like any other until someone reads `recordingError`.
 */
export function warnRecordingFailed(file: string, message: string): void {
  if (warned.has(file)) return
  warned.add(file)
  console.warn(`llm-test-bench: responses could not be recorded (${message}); each case keeps its response, and its record's recordingError says so`)
}
