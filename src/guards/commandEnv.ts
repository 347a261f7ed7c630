/**
 * The environment commands run with: the extension host's, without the Gemini key (a command's
 * output is captured into the chat and sent to the model, and a test could print it),
 * non-interactive and without colour codes.
 */
export function commandEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, CI: '1', FORCE_COLOR: '0' };
  delete env.GEMINI_API_KEY;
  return env;
}
