/**
 * Saved chats as read back from storage: whatever is there (an older version's save, a file cut
 * short, a hand edit) is parsed with zod, and what cannot be read is left out piece by piece — an
 * item of the chat, the end of a model history, at worst one whole chat — never thrown.
 */
import { z } from 'zod';
import { sealHistory } from '../agent/history';
import type { Content } from '../model/types';
import { ImageChip, MentionChip } from '../shared/attachments';
import { ChatItem, type ChatState, SubagentInnerItem, UsageRole } from '../shared/chatState';
import { UsageEvent } from '../shared/events';
import type { RunRequest } from './types';

export interface SavedChat {
  state: ChatState;
  history: Content[];
  updated: number;
  lastRequest?: RunRequest;
}

const StateHead = z.object({
  id: z.string().min(1),
  title: z.string().catch('Chat'),
  items: z.array(z.unknown()).catch([]),
  running: z.boolean().catch(false),
  runId: z.string().optional().catch(undefined),
  usage: UsageEvent.optional().catch(undefined),
  usageModel: z.string().optional().catch(undefined),
  usageByRole: z.partialRecord(UsageRole, UsageEvent).optional().catch(undefined),
});

/** A content as the API takes it back: a known role and at least one part, each an object. */
const SavedContent = z.object({
  role: z.enum(['user', 'model']),
  parts: z.array(z.record(z.string(), z.unknown())).min(1),
});

const SavedRequest = z.object({
  text: z.string(),
  editor: z
    .object({
      path: z.string(),
      selection: z.object({ startLine: z.number(), endLine: z.number(), text: z.string() }).optional(),
      diagnostics: z.array(z.string()).optional(),
    })
    .optional()
    .catch(undefined),
  mentions: z.array(z.object({ chip: MentionChip, text: z.string().optional() })).optional().catch(undefined),
  images: z.array(ImageChip).optional().catch(undefined),
});

const SavedEntry = z.object({
  state: z.unknown(),
  history: z.array(z.unknown()).catch([]),
  updated: z.number().catch(0),
  lastRequest: SavedRequest.optional().catch(undefined),
});

/** The chats in `raw` that can be read, each with as much of it as can be. Never throws. */
export function parseSavedChats(raw: unknown): SavedChat[] {
  if (!Array.isArray(raw)) return [];
  const ids = new Set<string>();
  const out: SavedChat[] = [];
  for (const entry of raw) {
    const chat = parseChat(entry);
    if (!chat || ids.has(chat.state.id)) continue;
    ids.add(chat.state.id);
    out.push(chat);
  }
  return out;
}

function parseChat(entry: unknown): SavedChat | undefined {
  const e = SavedEntry.safeParse(entry);
  if (!e.success) return undefined;
  const head = StateHead.safeParse(e.data.state);
  // Without an id the chat cannot be opened or told apart: nothing of it can be shown.
  if (!head.success) return undefined;
  const items = head.data.items.flatMap(readItem);
  const state: ChatState = { ...head.data, items };
  return { state, history: readableHistory(e.data.history), updated: e.data.updated, ...(e.data.lastRequest ? { lastRequest: e.data.lastRequest } : {}) };
}

/** An item of a saved chat; a subagent's card keeps what of its own items can be read. */
function readItem(raw: unknown): ChatItem[] {
  const item = ChatItem.safeParse(raw);
  if (item.success) return [item.data];
  if (typeof raw !== 'object' || raw === null || (raw as { kind?: unknown }).kind !== 'subagent') return [];
  const inner = (raw as { items?: unknown }).items;
  const kept = Array.isArray(inner) ? inner.filter((i) => SubagentInnerItem.safeParse(i).success) : [];
  const again = ChatItem.safeParse({ ...raw, items: kept });
  return again.success ? [again.data] : [];
}

/**
 * The history up to its first unreadable content: a gap in the middle would part a call from its
 * response, which the API refuses. Calls left unanswered at the cut are answered as not run.
 */
function readableHistory(raw: unknown[]): Content[] {
  const history: Content[] = [];
  for (const c of raw) {
    const content = SavedContent.safeParse(c);
    if (!content.success) break;
    history.push(content.data as Content);
  }
  sealHistory(history, 'the saved chat was damaged here.');
  return history;
}
