import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/** Imports a module by absolute path. */
export type ModuleImporter = (file: string) => Promise<unknown>

/** Node's own import (no TypeScript transform beyond Node's): the fallback outside a Vitest worker. */
const nativeImport: ModuleImporter = (file) => import(/* @vite-ignore */ pathToFileURL(file).href)

let importer: ModuleImporter = nativeImport

/**
 * The worker's test runner hands over Vitest's module runner (runner/dataset-runner.ts), so a
 * user's module is imported as their tests are: through Vite (TypeScript, aliases, the project's
 * plugins), and seen by Vite's module graph (watch mode follows the module's own imports).
 */
export function setModuleImporter(next: ModuleImporter): void {
  importer = next
}

export function importUserModule(file: string): Promise<unknown> {
  return importer(file)
}

let root: string | undefined

/** The root user modules are relative to (Vitest's root, handed over by the worker context). */
export function setUserModuleRoot(next: string | undefined): void {
  root = next
}

/** A function provider's module path as an absolute path: relative to Vitest's root (else the working folder). */
export function resolveUserModule(modulePath: string): string {
  return resolve(root ?? process.cwd(), modulePath)
}
