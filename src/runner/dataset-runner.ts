import { TestRunner } from 'vitest'
import { isDatasetFile } from '../dataset/load.ts'
import { registerDatasetTests } from './register-dataset.ts'

/**
 * The llmBench project's test runner: a dataset file is not imported as a
 * module; its cases are registered as tests instead. Everything else (setup
 * files, hand-written tests) goes through Vitest as usual.
 */
export default class DatasetRunner extends TestRunner {
  override async importFile(filepath: string, source: 'collect' | 'setup'): Promise<unknown> {
    if (source === 'collect' && isDatasetFile(filepath)) return registerDatasetTests(filepath)
    return super.importFile(filepath, source)
  }
}
