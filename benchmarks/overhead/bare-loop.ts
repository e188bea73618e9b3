import OpenAI from 'openai'

/**
 * Baseline 1: the same streamed SDK call N times at a fixed concurrency, no test framework.
 * argv: baseURL cases concurrency
 */
const [baseURL, casesArg, concurrencyArg] = process.argv.slice(2)
const cases = Number(casesArg)
const concurrency = Number(concurrencyArg)
const client = new OpenAI({ baseURL, apiKey: 'sk-no-key', maxRetries: 0 })

let next = 0
let done = 0
async function worker(): Promise<void> {
  while (next < cases) {
    const i = next++
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: `case ${i}: tell a story` }],
      max_tokens: 16,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? ''
    if (!/robot/.test(text)) throw new Error(`unexpected output ${text}`)
    done++
  }
}
await Promise.all(Array.from({ length: concurrency }, worker))
if (done !== cases) throw new Error(`${done} of ${cases}`)
