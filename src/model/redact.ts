/**
 * Removes API keys from text before it is shown or logged: error messages can echo them. Named
 * forms (`key=`, `x-goog-api-key`) go first, so a key in them is replaced once and cleanly; then
 * anything shaped like a Google API key; then the caller's own key, whatever its shape. Redacting
 * twice changes nothing.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text
    .replace(/(x-goog-api-key["']?\s*[:=]\s*["']?)(?!\[redacted\])[^\s"',}]+/gi, '$1[redacted]')
    .replace(/(\b(?:key|api_key|apikey)=)(?!\[redacted\])[^&\s"']+/gi, '$1[redacted]')
    .replace(/AIza[0-9A-Za-z_\-]{20,}/g, '[redacted key]');
  // Short values would redact ordinary words; real keys are far longer.
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('[redacted key]');
  return out;
}

/**
 * Removes secrets from command and check output before it reaches the model, the panel or the
 * log: everything `redactSecrets` removes, plus bearer tokens, private key blocks and a few
 * unmistakable token shapes (GitHub, Slack, AWS access key ids). A command can print what the
 * agent may not read (`cat .env` through an allowed `cat`, a test that logs its config).
 */
export function redactOutput(text: string, secrets: readonly string[] = []): string {
  return redactSecrets(text, secrets)
    .replace(/-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?(?:-----END \1-----|$)/g, '[redacted private key]')
    .replace(/(\bbearer\s+)[A-Za-z0-9\-._~+/]{8,}=*/gi, '$1[redacted]')
    .replace(/(\bauthorization["']?\s*[:=]\s*["']?)(?!bearer\b)[^\s"',}]{8,}/gi, '$1[redacted]')
    .replace(/\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16})\b/g, '[redacted token]');
}
