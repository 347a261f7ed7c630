// @-mentions and images, the pure parts: what the completion list offers, what a message's
// mentions add to the request (guards applied), the image limits, the `ref:` expansion on the
// wire, and that the chat keeps chips and image references through a save and a reload.
import * as assert from 'node:assert/strict';
import { requestMessage } from '../../src/agent/context';
import { parseSavedChats } from '../../src/chat/savedChats';
import { IgnoreFilter } from '../../src/guards/ignore';
import { listWorkspaceEntries } from '../../src/mentions/files';
import { lastCommandOutput, resolveMentions, withoutSecretFiles, type GitChanges, type MentionSources } from '../../src/mentions/resolve';
import { fuzzyScore, suggestMentions } from '../../src/mentions/suggest';
import { GeminiClient } from '../../src/model/gemini';
import { expandInlineRefs, imagePart } from '../../src/model/inline';
import { startEmulator } from '../emulator';
import type { Content } from '../../src/model/types';
import { imageRefusal, MAX_IMAGE_BYTES, mentionsIn, type MentionRef } from '../../src/shared/attachments';
import { applyEvent, emptyChat } from '../../src/shared/chatState';
import { FromWebview } from '../../src/shared/protocol';
import { mentionAt } from '../../webview/mentionList';
import { MemoryFs } from './fakes/memoryFs';

const REF = 'a'.repeat(64);
const signal = new AbortController().signal;

function workspace(): MemoryFs {
  return new MemoryFs({
    'src/math.ts': 'export const add = (a: number, b: number) => a + b;\n',
    'src/mathUtils.test.ts': 'test\n',
    'src/deep/more.ts': 'x\n',
    'docs/maths.md': '# Maths\n',
    '.env': 'KEY=secret\n',
    'dist/out.js': 'built\n',
    '.gitignore': 'dist/\n',
  });
}

function sources(fs: MemoryFs, over: Partial<MentionSources> = {}): MentionSources {
  return {
    fs,
    ignore: IgnoreFilter.create({ gitignore: 'dist/\n' }),
    problems: () => [
      { path: 'src/math.ts', line: 1, severity: 'warning', message: 'unused' },
      { path: 'src/math.ts', line: 2, severity: 'error', message: 'type error', source: 'ts' },
    ],
    selection: () => ({ path: 'src/math.ts', startLine: 1, endLine: 1, text: 'export const add' }),
    changes: async (): Promise<GitChanges> => ({ available: false, reason: 'the built-in Git extension is not available' }),
    terminal: async () => undefined,
    ...over,
  };
}

describe('@-mentions', () => {
  it('finds the @-query at the caret, but not in an e-mail address', () => {
    assert.deepEqual(mentionAt('look at @src/ma', 15), { start: 8, query: 'src/ma' });
    assert.deepEqual(mentionAt('@', 1), { start: 0, query: '' });
    assert.equal(mentionAt('me@example.com', 14), undefined);
    assert.equal(mentionAt('@src/math.ts then', 17), undefined);
  });

  it('offers keywords and files ranked by a fuzzy match, leaving out ignored and secret files', async () => {
    const fs = workspace();
    const entries = await listWorkspaceEntries(fs, IgnoreFilter.create({ gitignore: 'dist/\n' }), signal);
    const paths = entries.map((e) => e.path);
    assert.ok(paths.includes('src/math.ts') && paths.includes('src/deep/more.ts'));
    assert.ok(!paths.includes('.env') && !paths.some((p) => p.startsWith('dist')), paths.join());
    const all = suggestMentions('', entries);
    assert.deepEqual(all.slice(0, 4).map((s) => s.insert), ['@problems', '@selection', '@changes', '@terminal']);
    const math = suggestMentions('math', entries).map((s) => s.insert);
    assert.equal(math[0], '@src/math.ts', 'the exact name beats a longer one and a folder path');
    assert.ok(math.includes('@docs/maths.md') && math.includes('@src/mathUtils.test.ts'));
    assert.ok(!math.includes('@src/deep/more.ts'));
    assert.deepEqual(suggestMentions('pro', entries).map((s) => s.insert), ['@problems']);
    assert.equal(suggestMentions('src', entries).find((s) => s.kind === 'folder')?.insert, '@src/');
    assert.equal(fuzzyScore('xyz', 'src/math.ts'), undefined);
  });

  it('reads the mentions of a message: keywords as typed, paths only when picked', () => {
    const picked = new Map<string, MentionRef>([['@src/math.ts', { kind: 'file', path: 'src/math.ts' }], ['@src/', { kind: 'folder', path: 'src' }]]);
    assert.deepEqual(mentionsIn('fix @src/math.ts using @problems. See @src/ and @nothing, mail me@x.org @problems', picked), [
      { kind: 'file', path: 'src/math.ts' },
      { kind: 'problems' },
      { kind: 'folder', path: 'src' },
    ]);
  });

  it('adds a file, a folder tree, problems and the selection, each with a chip saying what it added', async () => {
    const fs = workspace();
    const refs: MentionRef[] = [{ kind: 'file', path: 'src/math.ts' }, { kind: 'folder', path: 'src' }, { kind: 'problems' }, { kind: 'selection' }];
    const [file, folder, problems, selection] = await resolveMentions(refs, sources(fs), signal);
    assert.deepEqual(file.chip, { kind: 'file', label: 'math.ts', detail: '2 lines, 52 B', path: 'src/math.ts' });
    assert.match(file.text ?? '', /^@src\/math\.ts \(file, 2 lines\):\n```\nexport const add/);
    assert.equal(folder.chip.detail, '4 entries');
    assert.match(folder.text ?? '', /deep\/\n {2}more\.ts\nmath\.ts/);
    assert.equal(problems.chip.detail, '2 problems, 1 error');
    assert.match(problems.text ?? '', /- src\/math\.ts:2 error: type error \(ts\)\n- src\/math\.ts:1 warning: unused/);
    assert.deepEqual(selection.chip, { kind: 'selection', label: 'math.ts:1–1', detail: '1 line selected', path: 'src/math.ts', line: 1 });
  });

  it('never attaches a secret file, says what is missing, and leaves the request as it was', async () => {
    const [secret, gone, outside, git, term] = await resolveMentions(
      [{ kind: 'file', path: '.env' }, { kind: 'file', path: 'src/nope.ts' }, { kind: 'file', path: '../etc/passwd' }, { kind: 'changes' }, { kind: 'terminal' }],
      sources(workspace()),
      signal,
    );
    assert.equal(secret.text, undefined);
    assert.match(secret.chip.detail, /secret file/);
    assert.equal(secret.chip.missing, true);
    assert.equal(gone.chip.detail, 'not found');
    assert.equal(outside.chip.detail, 'not a path inside the workspace');
    assert.equal(git.chip.detail, 'the built-in Git extension is not available');
    assert.match(term.chip.detail, /no command output yet/);
  });

  it('@changes shows the diff without the sections of secret files; @terminal the last command the agent ran', async () => {
    const diff = 'diff --git a/src/a.ts b/src/a.ts\n-old\n+new\ndiff --git a/.env b/.env\n-KEY=1\n+KEY=2\n';
    assert.equal(withoutSecretFiles(diff, IgnoreFilter.create()), 'diff --git a/src/a.ts b/src/a.ts\n-old\n+new\n');
    const [changes] = await resolveMentions([{ kind: 'changes' }], sources(workspace(), { changes: async () => ({ available: true, files: 2, diff, untracked: ['new.ts', '.env.local'] }) }), signal);
    assert.doesNotMatch(changes.text ?? '', /KEY=/);
    assert.match(changes.text ?? '', /New files not yet tracked: new\.ts$/);
    const chat = emptyChat('c');
    applyEvent(chat, { type: 'runStarted', runId: 'r', request: 'go' });
    applyEvent(chat, { type: 'toolStarted', callId: 't1', name: 'run_command', label: 'npm test' });
    applyEvent(chat, { type: 'toolFinished', callId: 't1', ok: false, summary: 'exit 1', detail: '1 failing' });
    assert.deepEqual(lastCommandOutput(chat.items), { from: 'output of npm test', text: '1 failing' });
  });

  it('puts mentions and images into the user message of the request, after the request text', () => {
    const message = requestMessage({ text: 'explain', mentions: [{ text: '@src/math.ts (file, 2 lines):\n```\nx\n```' }, {}], images: [{ ref: REF, mimeType: 'image/png' }] }, undefined);
    assert.equal(message.role, 'user');
    assert.match(message.parts[0].text ?? '', /^Request:\nexplain\n\nMentioned by the user \(content as of sending\):\n\n@src\/math\.ts \(file, 2 lines\)/);
    assert.deepEqual(message.parts[1], { inlineData: { mimeType: 'image/png', data: `ref:${REF}` } });
  });
});

describe('images', () => {
  it('refuses plainly: a type Gemini does not read, too large, too many, too much in all', () => {
    assert.equal(imageRefusal('image/png', 1000, []), undefined);
    assert.equal(imageRefusal('image/gif', 1000, []), undefined, 'a GIF is redrawn as PNG in the panel');
    assert.match(imageRefusal('image/bmp', 1000, []) ?? '', /not an image Gemini reads/);
    assert.match(imageRefusal('image/png', MAX_IMAGE_BYTES + 1, []) ?? '', /at most 4\.0 MB each/);
    assert.match(imageRefusal('image/png', 10, Array.from({ length: 8 }, () => ({ bytes: 1 }))) ?? '', /At most 8 images/);
    assert.match(imageRefusal('image/png', 4_000_000, Array.from({ length: 3 }, () => ({ bytes: 4_000_000 }))) ?? '', /at most 12\.0 MB per message/);
  });

  it('the panel cannot send an image Gemini refuses, or a data: URL, past the protocol', () => {
    const send = (mimeType: string, data: string) => FromWebview.safeParse({ type: 'send', text: 'x', images: [{ mimeType, data, name: 'a', thumb: 'data:image/jpeg;base64,AAAA' }] }).success;
    assert.equal(send('image/png', 'iVBORw0KGgo='), true);
    assert.equal(send('image/gif', 'R0lGODlh'), false);
    assert.equal(send('image/png', 'data:image/png;base64,iVBORw0KGgo='), false);
  });

  it('expands references on the wire, newest first within the budget; a lost image becomes a note', async () => {
    const other = 'b'.repeat(64);
    const contents: Content[] = [
      { role: 'user', parts: [{ text: 'old' }, imagePart('image/png', REF)] },
      { role: 'model', parts: [{ text: 'ok' }] },
      { role: 'user', parts: [{ text: 'new' }, imagePart('image/jpeg', other), imagePart('image/png', 'c'.repeat(64))] },
    ];
    const store: Record<string, string> = { [REF]: 'AAAAAAAA', [other]: 'BBBB' };
    const sent = await expandInlineRefs(contents, async (ref) => store[ref], 10);
    assert.deepEqual(sent[2].parts.slice(1), [{ inlineData: { mimeType: 'image/jpeg', data: 'BBBB' } }, { text: '[An image attached here is no longer available.]' }]);
    assert.match(sent[0].parts[1].text ?? '', /left out: with the newer ones the request would pass Gemini’s 20 MB limit/);
    assert.equal(contents[0].parts[1].inlineData?.data, `ref:${REF}`, 'the history keeps the reference');
    const all = await expandInlineRefs(contents, async (ref) => store[ref]);
    assert.deepEqual(all[0].parts[1], { inlineData: { mimeType: 'image/png', data: 'AAAAAAAA' } });
  });

  it('a saved chat keeps its chips, thumbnails and image references through a reload', () => {
    const chat = emptyChat('c1');
    const image = { ref: REF, mimeType: 'image/png' as const, name: 'shot.png', bytes: 1234, thumb: 'data:image/jpeg;base64,AAAA' };
    const mention = { kind: 'file' as const, label: 'math.ts', detail: '2 lines, 52 B', path: 'src/math.ts' };
    applyEvent(chat, { type: 'runStarted', runId: 'r1', request: 'look', mentions: [mention], images: [image] });
    const history: Content[] = [{ role: 'user', parts: [{ text: 'Request:\nlook' }, imagePart('image/png', REF)] }, { role: 'model', parts: [{ text: 'seen' }] }];
    const saved = JSON.parse(JSON.stringify([{ state: chat, history, updated: 1 }]));
    assert.ok(JSON.stringify(saved).length < 2000, 'no image bytes in the save');
    const [back] = parseSavedChats(saved);
    assert.deepEqual(back.state.items[0], { kind: 'user', id: 'u0', text: 'look', mentions: [mention], images: [image] });
    assert.deepEqual(back.history[0].parts[1], { inlineData: { mimeType: 'image/png', data: `ref:${REF}` } });
  });

  it('reaches the strict emulator through the SDK as inlineData with the stored bytes', async () => {
    const emu = await startEmulator({ scenario: { turns: [{ chunks: [{ text: 'A red square.' }] }] } });
    try {
      const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
      const client = new GeminiClient({ apiKey: 'k', model: 'gemini-flash-latest', baseUrl: emu.baseUrl, loadImage: async (ref) => (ref === REF ? png : undefined) });
      const turn = await client.generate({ contents: [{ role: 'user', parts: [{ text: 'what is this?' }, imagePart('image/png', REF)] }] }, () => undefined, signal);
      assert.equal(turn.text, 'A red square.');
      assert.deepEqual(emu.inlineData().map((p) => [p.mimeType, p.bytes]), [['image/png', 8]]);
      assert.deepEqual(emu.failures(), []);
    } finally {
      await emu.close();
    }
  });
});
