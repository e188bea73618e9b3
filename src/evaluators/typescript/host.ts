import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript6'

/**
 * The virtual files of a check live in this module's folder, so that `vue` (a dependency of
 * this package) resolves from them through node_modules; they are never written to disk.
 */
export const VIRTUAL_DIR = join(dirname(fileURLToPath(import.meta.url)), '__llm_bench_check__')

/** Modules the checked code may import with their real types: Vue (for SFCs and composables). */
const REAL_MODULES = /^(vue|@vue\/[^/]+)(\/.*)?$/

/**
 * One compiler host per worker, shared by every check: the standard library, Vue's
 * declarations and module resolutions are read and parsed once (SourceFiles cached by file
 * name and language version), so a check parses only the model's code.
 */
export class SharedHost {
  readonly #base: ts.CompilerHost
  readonly #files = new Map<string, ts.SourceFile>()
  readonly #resolutions: ts.ModuleResolutionCache
  #virtual = new Map<string, string>()

  constructor(options: ts.CompilerOptions) {
    this.#base = ts.createCompilerHost(options)
    this.#resolutions = ts.createModuleResolutionCache(VIRTUAL_DIR, (name) => name, options)
  }

  /** A host for one program whose virtual files (full paths under VIRTUAL_DIR) have these contents. */
  forCheck(virtual: ReadonlyMap<string, string>): ts.CompilerHost {
    this.#virtual = new Map(virtual)
    const base = this.#base
    return {
      ...base,
      getSourceFile: (fileName, language) => this.#sourceFile(fileName, language),
      fileExists: (fileName) => this.#virtual.has(fileName) || base.fileExists(fileName),
      readFile: (fileName) => this.#virtual.get(fileName) ?? base.readFile(fileName),
      writeFile: () => undefined,
      getCurrentDirectory: () => VIRTUAL_DIR,
      resolveModuleNameLiterals: (literals, containingFile, _redirect, options) =>
        literals.map((literal) => this.#resolve(literal.text, containingFile, options)),
    }
  }

  #sourceFile(fileName: string, language: ts.ScriptTarget | ts.CreateSourceFileOptions): ts.SourceFile | undefined {
    const text = this.#virtual.get(fileName)
    if (text !== undefined) return ts.createSourceFile(fileName, text, language, false)
    const version = typeof language === 'object' ? `${language.languageVersion}:${language.impliedNodeFormat ?? ''}` : String(language)
    const key = `${fileName}\0${version}`
    const cached = this.#files.get(key)
    if (cached) return cached
    const content = this.#base.readFile(fileName)
    if (content === undefined) return undefined
    const created = ts.createSourceFile(fileName, content, language, false)
    this.#files.set(key, created)
    return created
  }

  #resolve(name: string, containingFile: string, options: ts.CompilerOptions): ts.ResolvedModuleWithFailedLookupLocations {
    const fromModel = containingFile.startsWith(VIRTUAL_DIR)
    if (fromModel && !REAL_MODULES.test(name)) return { resolvedModule: undefined }
    return ts.resolveModuleName(name, containingFile, options, this.#base, this.#resolutions)
  }
}
