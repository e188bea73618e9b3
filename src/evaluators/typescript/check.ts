import { join } from 'node:path'
import ts from 'typescript6'
import { SharedHost, VIRTUAL_DIR } from './host.ts'
import { compilerOptions, type CompileSettings } from './settings.ts'

/** A compiler diagnostic at a 0-based position of the checked virtual file (or of an ambient file). */
export interface RawDiagnostic {
  /** `code`: the model's code; `ambient`: the declarations given in the options; `config`: no file (settings). */
  file: 'code' | 'ambient' | 'config'
  line: number
  column: number
  code: number
  category: 'error' | 'warning'
  message: string
}

export interface TypeCheckInput {
  code: string
  /** `tsx` checks the code as a .tsx file. */
  kind: 'ts' | 'tsx'
  settings: CompileSettings
  /** Declarations the language brings along (Vue's compiler macros, a default JSX namespace). */
  prelude?: string
}

const CODE = { ts: join(VIRTUAL_DIR, 'output.ts'), tsx: join(VIRTUAL_DIR, 'output.tsx') }
const AMBIENT = join(VIRTUAL_DIR, 'ambient.d.ts')
const ALLOWED = join(VIRTUAL_DIR, 'allowed-imports.d.ts')
const PRELUDE = join(VIRTUAL_DIR, 'prelude.d.ts')

const hosts = new Map<ts.CompilerOptions, { host: SharedHost; last: ts.Program | undefined }>()

/**
 * Type-checks one piece of code; never emits or runs it. The program is new per check
 * but every library SourceFile comes from the shared host's cache, and the previous
 * program is handed over for structure reuse.
 */
export function typeCheck(input: TypeCheckInput): RawDiagnostic[] {
  const options = compilerOptions(input.settings)
  let entry = hosts.get(options)
  if (!entry) hosts.set(options, (entry = { host: new SharedHost(options), last: undefined }))
  const file = CODE[input.kind]
  const virtual = new Map([[file, input.code]])
  if (input.settings.ambient.trim() !== '') virtual.set(AMBIENT, input.settings.ambient)
  if (input.settings.allowedImports.length > 0) virtual.set(ALLOWED, allowedImportDeclarations(input.settings.allowedImports))
  if (input.prelude) virtual.set(PRELUDE, input.prelude)
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host: entry.host.forCheck(virtual), oldProgram: entry.last })
  entry.last = program
  const own = program.getSourceFile(file)
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...(own ? codeDiagnostics(program, own) : []),
    ...[AMBIENT, ALLOWED].flatMap((name) => {
      const ambient = program.getSourceFile(name)
      return ambient ? [...program.getSyntacticDiagnostics(ambient), ...program.getSemanticDiagnostics(ambient)] : []
    }),
  ]
  return diagnostics.filter(isReported).map((diagnostic) => toRaw(diagnostic, file))
}

/** Like tsc: syntax errors alone when there are any (type errors on a broken tree are noise), else type errors. */
function codeDiagnostics(program: ts.Program, file: ts.SourceFile): readonly ts.Diagnostic[] {
  const syntactic = program.getSyntacticDiagnostics(file)
  return syntactic.length > 0 ? syntactic : program.getSemanticDiagnostics(file)
}

function allowedImportDeclarations(modules: readonly string[]): string {
  return modules.map((name) => `declare module ${JSON.stringify(name)};`).join('\n')
}

function isReported(diagnostic: ts.Diagnostic): boolean {
  return diagnostic.category === ts.DiagnosticCategory.Error || diagnostic.category === ts.DiagnosticCategory.Warning
}

function toRaw(diagnostic: ts.Diagnostic, codeFile: string): RawDiagnostic {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ')
  const category = diagnostic.category === ts.DiagnosticCategory.Error ? 'error' : 'warning'
  const where = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined
  const file = diagnostic.file === undefined ? 'config' : diagnostic.file.fileName === codeFile ? 'code' : 'ambient'
  return { file, line: where?.line ?? 0, column: where?.character ?? 0, code: diagnostic.code, category, message }
}
