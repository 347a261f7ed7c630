import type { AgentEvent } from '../shared/events';
import type { Content } from '../model/types';
import type { ImageChip, MentionChip } from '../shared/attachments';

/** Where the request came from, when it came from an editor. */
export interface EditorContext {
  path: string;
  selection?: { startLine: number; endLine: number; text: string };
  diagnostics?: string[];
}

export interface RunRequest {
  text: string;
  editor?: EditorContext;
  /** Resolved @-mentions: the chip the chat shows, and the section the model reads. */
  mentions?: Array<{ chip: MentionChip; text?: string }>;
  /** Images, already in the image store. */
  images?: ImageChip[];
}

/** Runs one request of a chat: the agent in the product (`agentRunner`), scripted runners in tests. */
export interface Runner {
  /** `runId` is the id of the `runStarted` event the controller emitted for this run. */
  run(request: RunRequest, history: Content[], emit: (event: AgentEvent) => void, signal: AbortSignal, runId: string): Promise<Content[]>;
}

/** Key-value persistence (VS Code's workspaceState in the product, a Map in tests). */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}
