import { TestRunner, type RunnerTestCase } from 'vitest'
import { isDatasetFile } from '../dataset/load.ts'
import { setModuleImporter } from '../providers/function/import-module.ts'
import { finishHandWritten, isHandWritten, runHandWritten } from './hand-written.ts'
import { datasetPartOf } from './dataset-split.ts'
import { registerDatasetTests } from './register-dataset.ts'
import { useContextExpect } from './case-expect.ts'

/**
 * The llmBench project's test runner: a dataset file is not imported as a
 * module; its cases are registered as tests instead. Everything else (setup
 * files, hand-written tests) goes through Vitest as usual.
 */
export default class DatasetRunner extends TestRunner {
  constructor(...args: ConstructorParameters<typeof TestRunner>) {
    super(...args)
    useContextExpect(this.config.expect.requireAssertions === true)
    // function providers import the user's module as Vitest imports test files: through Vite
    setModuleImporter((file) => this.importUserModule(file))
  }

  /** Through Vitest's module runner (cached, so a module is evaluated once; Vitest invalidates it when it changes). */
  private importUserModule(file: string): Promise<unknown> {
    const runner: unknown = Reflect.get(this, 'moduleRunner')
    const load: unknown = typeof runner === 'object' && runner !== null ? Reflect.get(runner, 'import') : undefined
    if (typeof load === 'function') return Promise.resolve(Reflect.apply(load, runner, [file]))
    return super.importFile(file, 'setup') as Promise<unknown>
  }

  override async importFile(filepath: string, source: 'collect' | 'setup'): Promise<unknown> {
    // one part of a split dataset file is `<file>?llm-part=k-of-n` (dataset-split.ts)
    const { file, part } = datasetPartOf(filepath)
    if (source === 'collect' && isDatasetFile(file)) return registerDatasetTests(file, declaredTags(this.config), part)
    return super.importFile(filepath, source)
  }

  /** A hand-written test's body runs inside a case context of its own: its `provider(...)` calls are its record's. */
  async runTask(test: RunnerTestCase): Promise<void> {
    const body = TestRunner.getTestFn(test)
    await (isHandWritten(test) ? runHandWritten(test, body) : body())
  }

  /** A hand-written test's record, once its result is final (retries and `.fails` settled). */
  override onAfterRunTask(test: RunnerTestCase): void {
    super.onAfterRunTask(test)
    if (isHandWritten(test)) finishHandWritten(test, this.config.root)
  }
}

/** The tags of the project's config (the plugin declares the datasets' categories there); none before Vitest 4.1. */
function declaredTags(config: { tags?: readonly { name: string }[] | undefined }): Set<string> {
  return new Set((config.tags ?? []).map((tag) => tag.name))
}
