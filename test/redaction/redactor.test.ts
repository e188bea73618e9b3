import { describe, expect, test } from 'vitest'
import { REDACTED, Redactor } from '../../src/providers/redaction/redactor.ts'
import { headerSecrets, runSecrets, specSecrets, urlSecrets } from '../../src/providers/redaction/secrets.ts'
import { splitURLCredentials, withURLAuthorization } from '../../src/providers/redaction/url-credentials.ts'

const KEY = 'sk-proj-abc1XyZ9qwertyuiop0987wxyz'

describe('Redactor', () => {
  const r = new Redactor([KEY, 'hunter2pass'])

  test('a whole secret, anywhere, as often as it comes', () => {
    expect(r.text(`key ${KEY} and again:${KEY}.`)).toBe(`key ${REDACTED} and again:${REDACTED}.`)
  })

  test("a masked echo: a long-enough prefix or suffix is redacted as far as it goes on matching", () => {
    // OpenAI's "Incorrect API key provided" form
    expect(r.text(`Incorrect API key provided: ${KEY.slice(0, 12)}********${KEY.slice(-4)}.`)).toBe(`Incorrect API key provided: ${REDACTED}********${KEY.slice(-4)}.`)
    expect(r.text(`ends ...${KEY.slice(-15)}!`)).toBe(`ends ...${REDACTED}!`)
    expect(r.text(`part ${KEY.slice(0, 8)}`)).toBe(`part ${REDACTED}`)
    // fewer characters than the window are no echo of it
    expect(r.text(`tail ${KEY.slice(-4)}`)).toBe(`tail ${KEY.slice(-4)}`)
  })

  test('JSON- and URL-escaped forms of a secret', () => {
    const odd = new Redactor(['pa"ss/wo rd!'])
    expect(odd.text(JSON.stringify({ p: 'pa"ss/wo rd!' }))).toBe(`{"p":"${REDACTED}"}`)
    expect(odd.text(`http://h/?k=${encodeURIComponent('pa"ss/wo rd!')}`)).toBe(`http://h/?k=${REDACTED}`)
  })

  test('values shorter than 6 characters are not secrets', () => {
    expect(new Redactor(['1', 'abc']).text('1 abc 12')).toBe('1 abc 12')
  })

  test('value(): every string of a record, unchanged parts not copied', () => {
    const clean = { a: 'x', n: 1, list: ['y'] }
    const record = { output: `said ${KEY}`, nested: { list: ['ok', `p=hunter2pass`] }, clean, n: null }
    const out = r.value(record)
    expect(out).toEqual({ output: `said ${REDACTED}`, nested: { list: ['ok', `p=${REDACTED}`] }, clean, n: null })
    expect(out.clean).toBe(clean)
    expect(record.output).toBe(`said ${KEY}`)
    expect(r.value(clean)).toBe(clean)
  })

  test('inPlace(): serialized errors are cleaned where they are', () => {
    const errors = [{ message: `bad ${KEY}`, stack: `Error: bad ${KEY}\n at x`, diff: `- hunter2pass`, cause: { message: KEY } }]
    r.inPlace(errors)
    expect(JSON.stringify(errors)).not.toContain(KEY.slice(0, 12))
    expect(JSON.stringify(errors)).not.toContain('hunter2pass')
  })

  test('fast enough for many records: 10,000 records of 2 kB with 20 secrets', () => {
    const secrets = Array.from({ length: 20 }, (_, i) => `secret-${i}-${'x'.repeat(i)}-${Math.random().toString(36).slice(2)}`)
    const many = new Redactor(secrets)
    const text = 'lorem ipsum dolor sit amet, '.repeat(70)
    const started = performance.now()
    for (let i = 0; i < 10_000; i++) many.value({ prompt: text, output: text, error: null, evaluations: [{ reason: 'fine' }] })
    const ms = performance.now() - started
    console.log(`redacted 10,000 records (2 x 2 kB each, 20 secrets) in ${ms.toFixed(0)} ms`)
    expect(ms).toBeLessThan(5_000)
  })
})

describe('secrets of a run', () => {
  const env = { OPENAI_API_KEY: 'sk-default-key-123456', MY_KEY: 'my-own-key-abcdef', DB_PASS: 'db-password-77', LLM_BENCH_REDACT_ENV: 'DB_PASS', LLM_BENCH_JUDGE: 'openai:j@http://judge:judgepass99@h/v1' }

  test('header values (the credential after an auth scheme; public headers not), key variables, URL credentials', () => {
    const secrets = specSecrets(
      { type: 'openai', model: 'm', apiKeyEnv: 'MY_KEY', baseURL: 'http://user:s3cr%40t-pw@host/v1', headers: { 'api-key': 'azure-key-123456', Authorization: 'Bearer tok-abcdefgh', 'Content-Type': 'application/json' } },
      env,
    )
    expect(secrets).toEqual(expect.arrayContaining(['my-own-key-abcdef', 's3cr%40t-pw', 's3cr@t-pw', 'azure-key-123456', 'tok-abcdefgh']))
    expect(secrets).toContain(Buffer.from('user:s3cr@t-pw').toString('base64'))
    expect(secrets).not.toContain('application/json')
    expect(secrets).not.toContain('Bearer tok-abcdefgh')
  })

  test('Basic auth: the encoded credential and the password', () => {
    expect(headerSecrets('authorization', `Basic ${Buffer.from('u:pw-123456').toString('base64')}`)).toEqual([Buffer.from('u:pw-123456').toString('base64'), 'pw-123456'])
    expect(urlSecrets('http://tokenonly123@h/')).toContain('tokenonly123')
  })

  test('a run: every provider, the default key variables, judge/embedding specs from the environment, the user list', () => {
    const secrets = runSecrets({ providers: ['openai:m', { type: 'anthropic', model: 'c', headers: { 'x-api-key': 'anthropic-hdr-key' } }], redact: ['user-listed-secret'] }, env)
    expect(secrets).toEqual(expect.arrayContaining(['sk-default-key-123456', 'anthropic-hdr-key', 'judgepass99', 'db-password-77', 'user-listed-secret']))
  })
})

describe('credentials in a base URL', () => {
  test('become Basic auth, the URL keeps its own form without them', () => {
    expect(splitURLCredentials('http://user:p%40ss@127.0.0.1:8080/v1')).toEqual({ url: 'http://127.0.0.1:8080/v1', authorization: `Basic ${Buffer.from('user:p@ss').toString('base64')}` })
    expect(splitURLCredentials('http://127.0.0.1:8080/v1')).toEqual({ url: 'http://127.0.0.1:8080/v1', authorization: undefined })
    expect(splitURLCredentials(undefined)).toEqual({ url: undefined, authorization: undefined })
  })

  test("the provider's own Authorization header wins", () => {
    expect(withURLAuthorization({ authorization: 'Bearer x' }, 'Basic y')).toEqual({ authorization: 'Bearer x' })
    expect(withURLAuthorization({ a: 'b' }, 'Basic y')).toEqual({ a: 'b', Authorization: 'Basic y' })
  })
})
