import type { ChatMessage, ModelParams } from '../providers/types.ts'
import { parseAssertion } from './assertions.ts'
import { resolvePromptPath, type PromptTexts } from './prompt-files.ts'
import type { Assertion, DatasetFile, DatasetTestCase } from './schema.ts'
import { renderTemplate, type TemplateVariables } from './template.ts'
import type { ResolvedAssertion, ResolvedCase } from './types.ts'

/** What a case needs from its dataset to be resolved. */
export interface CaseContext {
  /** Absolute path of the dataset file (prompt files are relative to its folder). */
  datasetFile: string
  dataset: DatasetFile
  promptTexts: PromptTexts
  /** A prompt variant's inline template: serves a case with no prompt of its own, before the dataset's `prompt_file`. */
  prompt?: string | undefined
}

const PARAM_KEYS = ['temperature', 'max_tokens', 'top_p', 'stop', 'seed'] as const

/** A validated case, ready to run: templates rendered, defaults merged, assertions parsed. Assumes the checks passed. */
export function resolveCase(testCase: DatasetTestCase, context: CaseContext): ResolvedCase {
  const { dataset } = context
  const variables = { ...dataset.variables, ...testCase.variables }
  const system = systemPrompt(testCase, dataset, variables)
  const messages = testCase.messages ? chatMessages(testCase, variables, system) : null
  return {
    id: testCase.id,
    category: testCase.category ?? null,
    description: testCase.description ?? null,
    prompt: messages ? null : renderTemplate(promptTemplate(testCase, context), variables),
    messages,
    system: messages ? null : system,
    params: modelParams(testCase, dataset),
    timeoutMs: testCase.config?.timeout_ms ?? dataset.defaults?.timeout_ms ?? null,
    repeats: testCase.config?.repeats ?? dataset.defaults?.repeats ?? null,
    providers: testCase.config?.providers ?? null,
    expected: testCase.expected ?? null,
    references: testCase.references ?? [],
    assertions: [...datasetAssertions(dataset.assert), ...(testCase.assert ?? []).map(parseAssertion)],
    metadata: testCase.metadata ?? {},
    variables,
  }
}

/**
 * The dataset's own `assert` list, parsed once for all its cases: every case then holds the same
 * assertion (and options) objects, so a matcher's options are parsed once per dataset rather than
 * once per case (issue 11: ~1% of a worker's CPU at 20,000 cases), and a case carries no copy.
 */
const parsedDatasetAssertions = new WeakMap<readonly Assertion[], readonly ResolvedAssertion[]>()
function datasetAssertions(list: readonly Assertion[] | undefined): readonly ResolvedAssertion[] {
  if (!list) return []
  let parsed = parsedDatasetAssertions.get(list)
  if (!parsed) parsedDatasetAssertions.set(list, (parsed = list.map(parseAssertion)))
  return parsed
}

/** Defaults, then the case's config on top; only the parameters that are set. */
export function modelParams(testCase: DatasetTestCase, dataset: DatasetFile): ModelParams {
  const merged = { ...dataset.defaults, ...testCase.config }
  const params: ModelParams = {}
  for (const key of PARAM_KEYS) if (merged[key] !== undefined) Object.assign(params, { [key]: merged[key] })
  return params
}

function systemPrompt(testCase: DatasetTestCase, dataset: DatasetFile, variables: TemplateVariables): string | null {
  const system = testCase.config?.system ?? dataset.defaults?.system
  return system === undefined ? null : renderTemplate(system, variables)
}

/** The case's messages, rendered; the system prompt goes first unless the messages have their own. */
function chatMessages(testCase: DatasetTestCase, variables: TemplateVariables, system: string | null): ChatMessage[] {
  const messages = (testCase.messages ?? []).map((message) => ({ role: message.role, content: renderTemplate(message.content, variables) }))
  const hasSystem = messages.some((message) => message.role === 'system')
  return system === null || hasSystem ? messages : [{ role: 'system', content: system }, ...messages]
}

function promptTemplate(testCase: DatasetTestCase, { datasetFile, dataset, promptTexts, prompt }: CaseContext): string {
  if (testCase.prompt !== undefined) return testCase.prompt
  if (testCase.prompt_file === undefined && prompt !== undefined) return prompt
  const promptFile = testCase.prompt_file ?? dataset.prompt_file
  const text = promptFile === undefined ? undefined : promptTexts.get(resolvePromptPath(datasetFile, promptFile))
  if (text === undefined) throw new Error(`case "${testCase.id}" has no prompt (the loader's checks should have caught this)`)
  return text
}
