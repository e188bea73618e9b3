import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * APIs a Node 20.19 process lacks (added in Node 21+ or V8 12+). The package's
 * shipped code (dist/) must run on Node 20 for Vitest 4 users; the repository's
 * own scripts may use them (they run on the project's Node 24).
 */
const NODE22_ONLY: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: 'Map.groupBy', pattern: /\bMap\.groupBy\b/ },
  { name: 'Object.groupBy', pattern: /\bObject\.groupBy\b/ },
  { name: 'Promise.withResolvers', pattern: /\bPromise\.withResolvers\b/ },
  { name: 'Promise.try', pattern: /\bPromise\.try\b/ },
  { name: 'Array.fromAsync', pattern: /\bArray\.fromAsync\b/ },
  { name: 'Iterator.from / iterator helpers', pattern: /\bIterator\.from\b/ },
  { name: 'Set methods (union, intersection, ...)', pattern: /\bnew Set\([^)]*\)\.(union|intersection|difference|symmetricDifference|isSubsetOf|isSupersetOf|isDisjointFrom)\(/ },
  { name: 'RegExp.escape', pattern: /\bRegExp\.escape\b/ },
  { name: 'Error.isError', pattern: /\bError\.isError\b/ },
  { name: 'Uint8Array base64', pattern: /\bUint8Array\.fromBase64\b|\.toBase64\(\)/ },
  { name: 'fs.glob / fs.globSync (node:fs)', pattern: /\bfrom ['"](node:)?fs(\/promises)?['"]/, },
  // imported (statically, by import() or require) it throws on Node 20; process.getBuiltinModule('node:sqlite')
  // (Node 20.16+, so every Node the package supports) returns undefined there instead, which the code checks
  { name: 'node:sqlite (imported)', pattern: /(\bfrom\s*|\bimport\(\s*|\brequire\(\s*)['"]node:sqlite['"]/ },
  { name: 'module.registerHooks / findPackageJSON / stripTypeScriptTypes', pattern: /\b(registerHooks|findPackageJSON|stripTypeScriptTypes)\b/ },
  { name: 'util.getCallSites / getCallSite', pattern: /\bgetCallSites?\b/ },
  { name: 'WebSocket (global)', pattern: /\bnew WebSocket\(/ },
  { name: 'navigator (global)', pattern: /\bnavigator\./ },
  { name: 'URLPattern (global)', pattern: /\bnew URLPattern\(/ },
]

/** The `.js` files under `dir` that use an API Node 20 lacks: `path:line: name`. */
export function node22OnlyUses(dir: string): string[] {
  const found: string[] = []
  for (const file of jsFiles(dir)) {
    const lines = readFileSync(file, 'utf8').split('\n')
    lines.forEach((line, i) => {
      for (const api of NODE22_ONLY) {
        if (!api.pattern.test(line)) continue
        // an fs import is fine unless it takes glob/globSync from it
        if (api.name.startsWith('fs.glob') && !/\bglob(Sync)?\b/.test(line)) continue
        found.push(`${file}:${i + 1}: ${api.name}`)
      }
    })
  }
  return found
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name))
}
