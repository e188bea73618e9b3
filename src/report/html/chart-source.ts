import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

let cached: string | undefined

/**
 * Chart.js's UMD build (it defines `window.Chart`), read from the installed
 * `chart.js` package so the report needs no CDN. Resolved from this module, so
 * it works from `src/` and from the built `dist/`. The source-map comment is
 * dropped (nothing may be fetched); the licence banner stays.
 */
export function chartJsSource(): string {
  if (cached === undefined) {
    // the package's exports name no UMD file: find its dist folder through the CommonJS entry
    const entry = createRequire(import.meta.url).resolve('chart.js')
    const source = readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8')
    cached = source.replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '\n')
  }
  return cached
}
