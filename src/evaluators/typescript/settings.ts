import { z } from 'zod'
import ts from 'typescript6'

/** The compiler settings a check runs under; also the options schema of toCompileWithTsc. */
export const CompileSettingsSchema = z.strictObject({
  /** `strict` (default true): all strict checks on; false turns them off. */
  strict: z.boolean().default(true),
  /** `ts`, `tsx` or `vue`; default: from the fence tag, else from the content. */
  language: z.enum(['ts', 'tsx', 'vue']).optional(),
  /** TSX emit mode, which decides where JSX types come from (`preserve`: a global `JSX` namespace). */
  jsx: z.enum(['preserve', 'react', 'react-jsx', 'react-native']).default('preserve'),
  /** Compiler `target` (default `es2022`). */
  target: z.string().default('es2022'),
  /** Compiler `lib` names (default `es2023`, `dom`, `dom.iterable`). */
  libs: z.array(z.string()).default(['es2023', 'dom', 'dom.iterable']),
  /** Module names the code may import without types (declared as `any`-typed modules); `pkg/*` works too. */
  allowedImports: z.array(z.string().min(1)).default([]),
  /** Declaration text added to the program (`declare module 'x' { ... }`, globals). */
  ambient: z.string().default(''),
})

export type CompileSettings = z.output<typeof CompileSettingsSchema>
export type CompileOptions = z.input<typeof CompileSettingsSchema>

const converted = new Map<string, ts.CompilerOptions>()

/** Compiler options for settings: strict family, no emit, bundler resolution, no automatic @types; cached. */
export function compilerOptions(settings: CompileSettings): ts.CompilerOptions {
  const key = JSON.stringify([settings.strict, settings.jsx, settings.target, settings.libs])
  const cached = converted.get(key)
  if (cached) return cached
  const json = {
    strict: settings.strict,
    target: settings.target,
    lib: settings.libs,
    jsx: settings.jsx,
    module: 'esnext',
    moduleResolution: 'bundler',
    noEmit: true,
    skipLibCheck: true,
    types: [],
    allowImportingTsExtensions: true,
    useDefineForClassFields: true,
  }
  const { options, errors } = ts.convertCompilerOptionsFromJson(json, '/')
  if (errors.length > 0) {
    const messages = errors.map((error) => ts.flattenDiagnosticMessageText(error.messageText, ' '))
    throw new Error(`toCompileWithTsc: invalid compiler settings: ${messages.join('; ')}`)
  }
  converted.set(key, options)
  return options
}
