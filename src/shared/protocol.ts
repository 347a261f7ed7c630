/**
 * The one message protocol between the extension and the chat webview. Both sides validate what
 * they receive with these schemas; an invalid message is logged and dropped, never acted on.
 */
import { z } from 'zod';
import { ImageUpload, MAX_IMAGES, MAX_MENTIONS, MentionChip, MentionRef, MentionSuggestion } from './attachments';
import { ChatState } from './chatState';
import { AgentEvent } from './events';

export const ChatSummary = z.object({ id: z.string(), title: z.string(), updated: z.number() });
export type ChatSummary = z.infer<typeof ChatSummary>;

/** What the panel needs besides the chat itself. */
export const PanelInfo = z.object({
  hasKey: z.boolean(),
  /** The answers come from the offline emulator, not from Gemini. */
  offlineDemo: z.boolean(),
  model: z.string(),
  /** "auto": run ends offer Keep / Undo; "ask": Revert this run. */
  approvalMode: z.enum(['ask', 'auto']),
  models: z.array(z.string()),
  history: z.array(ChatSummary),
});
export type PanelInfo = z.infer<typeof PanelInfo>;

export const ToWebview = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), chat: ChatState, info: PanelInfo }),
  z.object({ type: z.literal('events'), chatId: z.string(), events: z.array(AgentEvent) }),
  z.object({ type: z.literal('info'), info: PanelInfo }),
  /** The answer to `mentionQuery` with the same `queryId`. */
  z.object({ type: z.literal('mentionSuggestions'), queryId: z.number(), items: z.array(MentionSuggestion).max(50) }),
]);
export type ToWebview = z.infer<typeof ToWebview>;

export const FromWebview = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('send'),
    text: z.string().min(1).max(100_000),
    mentions: z.array(MentionRef).max(MAX_MENTIONS).optional(),
    images: z.array(ImageUpload).max(MAX_IMAGES).optional(),
  }),
  /** What the completion list should offer for the text typed after `@`. */
  z.object({ type: z.literal('mentionQuery'), queryId: z.number(), query: z.string().max(500) }),
  /** A mention chip of a sent message was clicked: open what it came from. */
  z.object({ type: z.literal('openMention'), mention: MentionChip }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('retry') }),
  z.object({ type: z.literal('newChat') }),
  z.object({ type: z.literal('openChat'), id: z.string() }),
  z.object({ type: z.literal('setKey') }),
  z.object({ type: z.literal('pickModel'), model: z.string().min(1).max(200) }),
  z.object({ type: z.literal('changeAction'), changeId: z.string(), action: z.enum(['open', 'accept', 'reject']), reason: z.string().max(2000).optional() }),
  z.object({ type: z.literal('runAction'), runId: z.string().max(200), action: z.enum(['revert', 'keep']) }),
  z.object({ type: z.literal('insertCode'), code: z.string().max(1_000_000) }),
  z.object({ type: z.literal('openLink'), href: z.string().max(4000) }),
  /** The user closed a review card; the extension records it in the chat (`reviewDismissed`). */
  z.object({ type: z.literal('dismissReview'), reviewId: z.string().min(1).max(200) }),
  /** A rules file of the "Rules:" line (workspace-relative), or without a path the personal-instructions setting. */
  z.object({ type: z.literal('openRules'), path: z.string().min(1).max(1000).optional() }),
]);
export type FromWebview = z.infer<typeof FromWebview>;
