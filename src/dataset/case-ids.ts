import type { DatasetIssue } from './errors.ts'
import { issueAt, locatePath } from './locate.ts'
import type { PartialCase } from './partial-dataset.ts'
import type { ParsedSource } from './parse-source.ts'

/** Case ids name tests, so each must be unique; a repeat is reported where it repeats, naming both lines. */
export function checkDuplicateIds(source: ParsedSource, cases: readonly PartialCase[]): DatasetIssue[] {
  const firstIndex = new Map<string, number>()
  const issues: DatasetIssue[] = []
  for (const { index, valid } of cases) {
    if (valid.id === undefined) continue
    const first = firstIndex.get(valid.id)
    if (first === undefined) firstIndex.set(valid.id, index)
    else issues.push(duplicateId(source, valid.id, first, index))
  }
  return issues
}

function duplicateId(source: ParsedSource, id: string, firstIndex: number, index: number): DatasetIssue {
  const firstLine = locatePath(source, ['test_cases', firstIndex, 'id']).line
  const line = locatePath(source, ['test_cases', index, 'id']).line
  const message = `duplicate case id "${id}": used at line ${firstLine} and line ${line}`
  return issueAt(source, ['test_cases', index, 'id'], { expected: 'a unique case id', found: `"${id}" again`, message })
}
