/**
 * What an allowed command's words may not contain: a tool's own options that load code, run
 * programs or write files (`npm test --node-options=…`, `git diff --output=…`), and arguments that
 * name a protected or sensitive file, an absolute path, a home folder, or a path outside the
 * workspace. An allow entry allows what its words say, not what a tool can be told to do.
 */
import { PROTECTED_RULES, SENSITIVE_RULES } from './lists';

export interface PathJudge {
  /** Why the agent may not read this workspace-relative path, or `undefined`. */
  sensitive(path: string): string | undefined;
  /** Why a change to this workspace-relative path needs approval, or `undefined`. */
  protected(path: string): string | undefined;
}

/** npm-like tools: every option before `--` is the tool's own, except these. */
const PACKAGE_MANAGERS = new Set(['npm', 'pnpm', 'yarn', 'yarnpkg', 'bun', 'npx', 'pnpx', 'bunx', 'corepack']);
const SAFE_PM_OPTIONS = new Set(['-s', '--silent', '-q', '--quiet', '--if-present', '--verbose', '--no-color', '--ws', '--workspaces', '--include-workspace-root']);

/** Options (exact, or with an attached value) that load code, run programs or write files, per program. */
const DANGEROUS: Record<string, readonly string[]> = {
  git: ['-c', '-C', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env', '--super-prefix', '-o', '-O', '--open-files-in-pager', '--ext-diff', '--textconv', '--no-index', '-x', '--extcmd', '-t', '--tool', '-u', '--upload-pack', '--receive-pack', '--template', '--exec'],
  node: ['-e', '--eval', '-p', '--print', '-r', '--require', '--import', '--loader', '--experimental-loader', '-i', '--interactive'],
  bun: ['-e', '--eval', '-p', '--print', '-r', '--preload'],
  deno: ['eval', '--unstable', '-A', '--allow-all', '--allow-run', '--allow-write'],
  tsx: ['-e', '--eval', '-p', '--print', '-r', '--require', '--import'],
  'ts-node': ['-e', '--eval', '-p', '--print', '-r', '--require'],
  python: ['-c'],
  perl: ['-e', '-E', '-M', '-m'],
  ruby: ['-e', '-r'],
  php: ['-r', '-B', '-R', '-E', '-F'],
  lua: ['-e', '-l'],
  find: ['-exec', '-execdir', '-ok', '-okdir', '-delete', '-fprint', '-fprint0', '-fprintf', '-fls'],
  rg: ['--pre', '--pre-glob'],
  tar: ['--to-command', '--checkpoint-action', '--use-compress-program', '-I', '--info-script', '--new-volume-script', '-F'],
  make: ['-f', '--file', '--makefile', '-C', '--directory', '--eval', '-E'],
  xargs: [],
};

/** Options every program is asked about: the names tools commonly give to writing, running or loading. */
const GENERIC_PREFIX = ['--output', '--exec', '--upload-pack', '--receive-pack', '--config', '--require', '--import', '--loader', '--experimental-loader', '--node-options', '--userconfig', '--globalconfig', '--script-shell', '--plugin', '--rulesdir', '--resolve-plugins-relative-to', '--init-file', '--rcfile', '--eval', '--git-dir', '--work-tree', '--template', '--prefix'];
const GENERIC_EXACT = ['-o', '--pre', '--shell'];

/** Programs that run whatever their first argument names, or are shells. */
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'fish', 'ash', 'busybox', 'pwsh', 'powershell', 'cmd']);

const SHORT_CODE_CLUSTER: Record<string, RegExp> = { python: /^-[A-Za-z]*c/, perl: /^-[A-Za-z]*[eEM]/, ruby: /^-[A-Za-z]*[er]/ };

/**
 * Why an option in `args` (the words after the allow prefix; `words` is the whole command) needs
 * approval, or `undefined`.
 */
export function riskyOption(words: string[], args: string[]): string | undefined {
  const program = programName(words[0]);
  const end = args.indexOf('--');
  const own = end === -1 ? args : args.slice(0, end);
  if (SHELLS.has(program) && own.some((a) => a.startsWith('-') || a.startsWith('+'))) return `options of ${program} can run any command`;
  for (const a of own) {
    if (!a.startsWith('-') && !(program === 'deno' && a === 'eval')) continue;
    if (PACKAGE_MANAGERS.has(program) && !SAFE_PM_OPTIONS.has(a)) return `"${a}" is an option of ${program} itself (it can change what ${program} runs or where it writes); arguments for the script go after --`;
    const specific = DANGEROUS[program] ?? [];
    const hit = [...specific, ...GENERIC_EXACT].find((o) => a === o || (a.startsWith(o) && (o.startsWith('--') ? a[o.length] === '=' : o.length === 2)));
    if (hit) return `"${a}" can make ${program} run code, read files outside the command or write files`;
    if (GENERIC_PREFIX.some((o) => a.startsWith(o))) return `"${a}" can make ${program} run code or write files`;
    if (SHORT_CODE_CLUSTER[program]?.test(a)) return `"${a}" makes ${program} run code given on the command line`;
  }
  return undefined;
}

function programName(word: string): string {
  const name = word.slice(word.lastIndexOf('/') + 1).toLowerCase().replace(/\.exe$/, '');
  return /^python[0-9.]*$/.test(name) ? 'python' : name;
}

/**
 * Why an argument names something a command without approval must not touch, or `undefined`.
 * `cwd` is the workspace-relative folder the command runs in.
 */
export function riskyPath(word: string, cwd: string, paths: PathJudge): string | undefined {
  for (const c of candidates(word)) {
    if (c === '/dev/null') continue;
    if (c.startsWith('~')) return `"${word}" points into a home folder`;
    if (/^([\\/]|[A-Za-z]:)/.test(c)) return `"${word}" is an absolute path`;
    const resolved = resolve(cwd, c);
    if (resolved === undefined) return `"${word}" leads outside the workspace`;
    if (/[*?[]/.test(resolved)) {
      const hit = globHits(resolved);
      if (hit) return `"${word}" is a pattern that matches ${hit}, which the agent may not touch without you`;
      continue;
    }
    const sensitive = paths.sensitive(resolved);
    if (sensitive) return `"${word}" names ${resolved}, which is off limits (${sensitive})`;
    const prot = paths.protected(resolved);
    if (prot) return `"${word}" names ${resolved}, a protected file (${prot})`;
  }
  return undefined;
}

/** The strings in a word that could be paths: the word, an option's value, the parts of `a:b`, `k=v`, `a,b`. */
function candidates(word: string): string[] {
  if (/^file:/i.test(word)) return [word.replace(/^file:(\/\/[^/]*)?/i, '')];
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(word)) return [];
  const out = new Set<string>([word]);
  if (/^-[A-Za-z]./.test(word) && !word.startsWith('--')) out.add(word.slice(2));
  for (const piece of word.split(/[=:,]/)) out.add(piece);
  out.delete('');
  if (word.startsWith('-')) out.delete(word);
  return [...out];
}

/** `cwd`/`p` folded into a workspace-relative path; `undefined` when `..` leads out of the workspace. */
function resolve(cwd: string, p: string): string | undefined {
  const segments: string[] = [];
  for (const s of `${cwd === '.' ? '' : cwd}/${p}`.replace(/\\/g, '/').split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (segments.length === 0) return undefined;
      segments.pop();
    } else segments.push(s);
  }
  return segments.length === 0 ? '.' : segments.join('/');
}

/** A quoted glob the program expands itself (`git diff -- '*.env*'`): does it match any listed example? */
function globHits(pattern: string): string | undefined {
  const re = globRegExp(pattern);
  // The last segment alone too: `src/**/.env*` can match a `.env` below `src`.
  const last = globRegExp(pattern.slice(pattern.lastIndexOf('/') + 1));
  const examples = [...SENSITIVE_RULES, ...PROTECTED_RULES].flatMap((r) => r.examples);
  return examples.find((e) => {
    const prefixes = e.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
    return prefixes.some((p) => re.test(p) || last.test(p.slice(p.lastIndexOf('/') + 1)));
  });
}

function globRegExp(glob: string): RegExp {
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        src += '.*';
        i++;
      } else src += '[^/]*';
    } else if (c === '?') src += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close === -1) src += '\\[';
      else {
        src += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else src += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`(^|/)${src}$`, 'i');
}
