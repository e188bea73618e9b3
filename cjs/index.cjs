'use strict'
// `require('llm-test-bench')`. The package is ES modules; this entry exists for one caller: a
// vitest.config.ts in a package whose "type" is "commonjs" (what `npm init -y` writes), which
// Vite bundles to CommonJS and loads with require. Node 20.19+, 22.12+ and 24 load ES modules
// with require, so the config works as written; where that fails, the error says what to change.
try {
  module.exports = require('../dist/index.js')
} catch (error) {
  const code = error && typeof error === 'object' ? error.code : undefined
  if (code === 'ERR_REQUIRE_ESM' || code === 'ERR_REQUIRE_ASYNC_MODULE') {
    throw new Error(
      `llm-test-bench is an ES module, and this Node (${process.version}) cannot load it with require ` +
        '(a vitest.config.ts in a "type": "commonjs" package is loaded that way). Rename the config to ' +
        'vitest.config.mts, or set "type": "module" in package.json (npm pkg set type=module).',
      { cause: error },
    )
  }
  throw error
}
