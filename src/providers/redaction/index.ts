export { REDACTED, Redactor } from './redactor.ts'
export { addRunSecrets, addSecrets, addSpecSecrets, clearSecrets, knownSecrets, redactInPlace, redactText, redactValue } from './registry.ts'
export { REDACT_ENV, headerSecrets, runSecrets, specSecrets, urlSecrets } from './secrets.ts'
export { splitURLCredentials, withURLAuthorization } from './url-credentials.ts'
