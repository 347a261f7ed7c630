/** The autocomplete settings (`geminiAgent.complete.*`), parsed with zod. */
import * as vscode from 'vscode';
import { z } from 'zod';
import { SECTION } from './settings';

export const COMPLETE_SECTION = `${SECTION}.complete`;
export const DEFAULT_COMPLETE_MODEL = 'gemini-flash-lite-latest';

const Settings = z.object({
  enabled: z.boolean().catch(false),
  model: z.string().trim().min(1).catch(DEFAULT_COMPLETE_MODEL),
  languages: z.record(z.string(), z.boolean()).catch({ '*': true }),
});
export type CompleteSettings = z.infer<typeof Settings> & { allowInRestrictedMode: boolean };

export function readCompleteSettings(): CompleteSettings {
  const c = vscode.workspace.getConfiguration(COMPLETE_SECTION);
  const parsed = Settings.parse({ enabled: c.get('enabled'), model: c.get('model'), languages: c.get('languages') });
  // Only the user's own value counts: a workspace must not allow itself in Restricted Mode.
  const allow = z.boolean().catch(false).parse(c.inspect('allowInRestrictedMode')?.globalValue ?? false);
  return { ...parsed, allowInRestrictedMode: allow };
}
