import { basename, dirname, join, relative, sep } from 'node:path'

/** Folder of recordings beside a dataset, like Vitest's `__snapshots__`. */
export const RECORDINGS_DIR = '__recordings__'

/** `<dataset dir>/__recordings__/<dataset file name>.recording.yaml` */
export function recordingPath(datasetFile: string): string {
  return join(dirname(datasetFile), RECORDINGS_DIR, `${basename(datasetFile)}.recording.yaml`)
}

/** A path as messages show it: relative to the working directory when inside it, with `/`. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, file)
  const shown = rel === '' || rel.startsWith('..') ? file : rel
  return shown.split(sep).join('/')
}
