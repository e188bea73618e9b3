/**
 * Environment variables that mark a CI machine (besides `CI`). Vitest itself
 * (through std-env) draws no live window in CI even on a TTY; nor do we.
 */
const CI_VARIABLES = ['CONTINUOUS_INTEGRATION', 'GITHUB_ACTIONS', 'GITLAB_CI', 'BUILDKITE', 'CIRCLECI', 'TF_BUILD', 'JENKINS_URL', 'TEAMCITY_VERSION']

/** Whether the environment is a CI machine: `CI` set to anything but `false`/`0`, or a CI service's own variable. */
export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env['CI']
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') return true
  return CI_VARIABLES.some((name) => env[name] !== undefined && env[name] !== '')
}

/** Whether a live line can be drawn on `stream`: a terminal, and not in CI. */
export function isInteractive(stream: object, env: NodeJS.ProcessEnv = process.env): boolean {
  return Reflect.get(stream, 'isTTY') === true && !isCI(env)
}
