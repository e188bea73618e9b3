import { describe, expect, test } from 'vitest'
import { missingKeys, missingKeysMessage } from '../../src/providers/keys.ts'
import { parseProviderSpec } from '../../src/providers/spec.ts'

const specs = (...inputs: unknown[]) => inputs.map((i) => parseProviderSpec(i))

describe('missingKeys', () => {
  test('the real OpenAI and Anthropic APIs need their key variable set', () => {
    const list = missingKeys(specs('openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'), {})
    expect(list).toEqual([
      { providerId: 'openai:gpt-4o-mini', variable: 'OPENAI_API_KEY' },
      { providerId: 'anthropic:claude-haiku-4-5', variable: 'ANTHROPIC_API_KEY' },
    ])
  })

  test('a set key is fine; an empty or blank one is missing', () => {
    const both = specs('openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5')
    expect(missingKeys(both, { OPENAI_API_KEY: 'sk-1', ANTHROPIC_API_KEY: 'sk-ant-1' })).toEqual([])
    expect(missingKeys(both, { OPENAI_API_KEY: '', ANTHROPIC_API_KEY: ' \n' })).toHaveLength(2)
  })

  test('local servers, ollama and local models need none; api.openai.com / api.anthropic.com given explicitly do', () => {
    const list = missingKeys(
      specs(
        'openai:stories@http://127.0.0.1:8080/v1',
        'anthropic:m@http://127.0.0.1:9000',
        'ollama:llama3.2',
        'local',
        { type: 'openai', model: 'gpt-4o', baseURL: 'https://api.openai.com/v1', id: 'explicit' },
        { type: 'anthropic', model: 'claude-x', baseURL: 'https://api.anthropic.com' },
      ),
      {},
    )
    expect(list).toEqual([
      { providerId: 'explicit', variable: 'OPENAI_API_KEY' },
      { providerId: 'anthropic:claude-x@https://api.anthropic.com', variable: 'ANTHROPIC_API_KEY' },
    ])
  })

  test('a custom variable is the one checked and named', () => {
    const custom = specs({ type: 'anthropic', model: 'claude-haiku-4-5', apiKeyEnv: 'TEAM_CLAUDE_KEY', id: 'team' })
    expect(missingKeys(custom, { ANTHROPIC_API_KEY: 'x' })).toEqual([{ providerId: 'team', variable: 'TEAM_CLAUDE_KEY' }])
    expect(missingKeys(custom, { TEAM_CLAUDE_KEY: 'x' })).toEqual([])
  })

  test('defaults to process.env', () => {
    expect(missingKeys(specs('ollama:llama3.2'))).toEqual([])
  })
})

describe('missingKeysMessage', () => {
  test('names every provider and variable, and how to set them', () => {
    const message = missingKeysMessage([
      { providerId: 'openai:gpt-4o-mini', variable: 'OPENAI_API_KEY' },
      { providerId: 'anthropic:claude-haiku-4-5', variable: 'ANTHROPIC_API_KEY' },
      { providerId: 'gpt', variable: 'OPENAI_API_KEY' },
    ])
    expect(message).toContain('3 providers need an API key')
    expect(message).toMatch(/openai:gpt-4o-mini\s+needs OPENAI_API_KEY/)
    expect(message).toMatch(/anthropic:claude-haiku-4-5\s+needs ANTHROPIC_API_KEY/)
    expect(message).toMatch(/gpt\s+needs OPENAI_API_KEY/)
    expect(message).toContain('export OPENAI_API_KEY=...; export ANTHROPIC_API_KEY=...')
    expect(message).toContain('apiKeyEnv')
  })

  test('one provider; an empty list is no message', () => {
    expect(missingKeysMessage([{ providerId: 'p', variable: 'K' }])).toMatch(/^Missing API key: 1 provider needs an API key that is not set:\n {2}- p {2}needs K\nSet the variable/)
    expect(missingKeysMessage([])).toBe('')
  })
})
