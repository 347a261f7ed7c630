/**
 * The model call behind next-step suggestions: one small JSON-mode request on the fast completion
 * model (`geminiAgent.complete.model`), no tools, no history. Off with `geminiAgent.nextSteps.enabled`.
 */
import * as vscode from 'vscode';
import { z } from 'zod';
import type { SuggestFn } from '../chat/nextSteps';
import { completeOnce } from '../model/complete';
import type { ApiKeyStore } from './apiKey';
import { readCompleteSettings } from './completeSettings';
import { readSettings, SECTION } from './settings';

/** A few short requests fit in this; the answer is cut there rather than billed on. */
const MAX_OUTPUT_TOKENS = 200;

export function nextStepsEnabled(): boolean {
  return z.boolean().catch(true).parse(vscode.workspace.getConfiguration(`${SECTION}.nextSteps`).get('enabled') ?? true);
}

/** The call when the setting is on; undefined turns the chips off. */
export function nextStepsCall(keys: ApiKeyStore): SuggestFn | undefined {
  if (!nextStepsEnabled()) return undefined;
  return async (instruction, summary, signal) => {
    const apiKey = await keys.get();
    if (!apiKey) return '';
    const options = { apiKey, model: readCompleteSettings().model, baseUrl: readSettings().apiBaseUrl };
    return completeOnce(options, { systemInstruction: instruction, text: summary, stopSequences: [], maxOutputTokens: MAX_OUTPUT_TOKENS, json: true }, signal);
  };
}
