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
