/** The synthetic fleet's two providers (ids as records name them). */
export const PROVIDERS = ['openai:gpt-4o-mini', 'ollama:llama3.2@http://127.0.0.1:11434']
