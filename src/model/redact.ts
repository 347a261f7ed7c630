/** Removes API keys from text before it is shown or logged: error messages can echo them. */
export function redactSecrets(text: string): string {
  return text
    .replace(/AIza[0-9A-Za-z_\-]{20,}/g, '[redacted key]')
    .replace(/([?&](?:key|api_key|apikey)=)[^&\s"']+/gi, '$1[redacted]')
    .replace(/(x-goog-api-key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1[redacted]');
}
