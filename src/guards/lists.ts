/**
 * The one source of the path lists every guard applies: what the agent never reads or writes
 * (sensitive), what always waits for the user (protected), and which package.json fields run
 * code. Reads, listings, search results, proposed changes and command arguments all use these;
 * SECURITY.md's lists are checked against `renderSecurityLists()` by a unit test.
 *
 * Patterns are gitignore syntax, matched case-insensitively at any depth. Order matters: a later
 * `!` pattern lifts an earlier one (`id_*.pub` is a public key).
 */

export interface PathRule {
  /** gitignore patterns, in order. */
  patterns: readonly string[];
  /** Shown when the rule refuses or holds a path. */
  reason: string;
  /** Paths the rule must catch; unit tests check each, and command arguments use them for quoted globs. */
  examples: readonly string[];
}

export const SENSITIVE_RULES: readonly PathRule[] = [
  {
    patterns: ['.env*'],
    reason: 'environment files usually hold secrets, so the agent never reads them',
    examples: ['.env', '.env.local', '.env-local', '.env_backup', '.env.production', '.envrc', 'packages/api/.env'],
  },
  {
    // `id_*` without an extension is a key (`id_deploy`); with one it is usually source (`id_map.ts`),
    // except the standard key names, which stay keys in every form but the public `.pub`.
    patterns: ['id_*', '!id_*.*', 'id_rsa*', 'id_dsa*', 'id_ecdsa*', 'id_ed25519*', '!id_*.pub'],
    reason: 'a private key is never read by the agent',
    examples: ['id_rsa', 'id_ed25519', 'id_deploy', 'id_rsa.bak', '.ssh/id_ecdsa'],
  },
  {
    patterns: ['*.pem', '*.key', '*.ppk'],
    reason: 'a private key is never read by the agent',
    examples: ['certs/server.pem', 'tls.key', 'putty.ppk'],
  },
  {
    patterns: ['*.p12', '*.pfx', '*.jks', '*.keystore'],
    reason: 'certificate stores hold private keys, so the agent never reads them',
    examples: ['cert.p12', 'cert.pfx', 'release.jks', 'app.keystore'],
  },
  {
    patterns: ['.git/'],
    reason: 'the .git folder belongs to git; the agent does not touch it directly',
    examples: ['.git', '.git/config', '.git/hooks/pre-commit'],
  },
  {
    patterns: ['.npmrc', '.netrc', '_netrc', '.pypirc', '.git-credentials', '.pgpass', '.dockercfg'],
    reason: 'this file can hold registry or login tokens',
    examples: ['.npmrc', '.netrc', '_netrc', '.pypirc', '.git-credentials', '.pgpass', '.dockercfg'],
  },
  {
    patterns: ['.aws/', '.ssh/', '.gnupg/', '.docker/', '.kube/', 'kubeconfig', '*.kubeconfig'],
    reason: 'this holds credentials or keys',
    examples: ['.ssh', '.ssh/config', '.aws/credentials', '.gnupg/pubring.kbx', '.docker/config.json', '.kube/config', 'kubeconfig', 'prod.kubeconfig'],
  },
  {
    patterns: ['*credentials*.json', 'client_secret*.json', 'secrets.json', '*.tfstate', '*.tfstate.*', '*.tfvars', '*.tfvars.json'],
    reason: 'credential and infrastructure-state files are never read by the agent',
    examples: ['credentials.json', 'application_default_credentials.json', 'gcp.credentials.json', 'client_secret_123.apps.googleusercontent.com.json', 'secrets.json', 'terraform.tfstate', 'terraform.tfstate.backup', 'prod.tfvars'],
  },
];

/** Paths that look close to a sensitive rule but are ordinary files. */
export const NOT_SENSITIVE_EXAMPLES: readonly string[] = ['src/index.ts', 'src/id_utils.ts', 'id_map.ts', 'id_rsa.pub', 'deploy/id_ed25519.pub', 'environment.ts', 'docs/keys.md', 'README.md'];

export const PROTECTED_RULES: readonly PathRule[] = [
  {
    patterns: ['.vscode/', '*.code-workspace'],
    reason: 'workspace settings, tasks and launch configurations can make the editor and its extensions run programs',
    examples: ['.vscode/settings.json', '.vscode/extensions.json', '.vscode/c_cpp_properties.json', 'my.code-workspace'],
  },
  {
    patterns: ['.vscode/tasks.json'],
    reason: 'tasks run shell commands',
    examples: ['.vscode/tasks.json'],
  },
  {
    patterns: ['.vscode/launch.json'],
    reason: 'launch configurations run programs',
    examples: ['.vscode/launch.json'],
  },
  {
    patterns: ['.vscode/mcp.json', '.mcp.json'],
    reason: 'MCP configuration starts servers, which are programs',
    examples: ['.mcp.json', '.vscode/mcp.json'],
  },
  {
    patterns: ['.git/', '.husky/', '.githooks/', '.gitmodules'],
    reason: 'git hooks and git config can run programs',
    examples: ['.git', '.git/hooks/pre-commit', '.git/config', '.husky/pre-commit', '.githooks/pre-push', '.gitmodules'],
  },
  {
    patterns: ['.github/workflows/', '.gitlab-ci.yml', '.devcontainer/', 'devcontainer.json', '.devcontainer.json'],
    reason: 'CI workflows and dev containers run commands',
    examples: ['.github/workflows/ci.yml', '.gitlab-ci.yml', '.devcontainer/devcontainer.json', '.devcontainer.json'],
  },
  {
    patterns: ['package.json'],
    reason: 'package.json scripts and hooks run on install, build, test and commit',
    examples: ['package.json', 'packages/api/package.json'],
  },
  {
    patterns: ['.npmrc', '.yarnrc', '.yarnrc.yml', '.pnpmfile.cjs', 'pnpm-workspace.yaml', 'bunfig.toml', '.yarn/plugins/', '.yarn/releases/'],
    reason: 'package-manager configuration can change where packages come from and what runs on install',
    examples: ['.npmrc', '.yarnrc', '.yarnrc.yml', '.pnpmfile.cjs', 'bunfig.toml', '.yarn/releases/yarn-4.cjs'],
  },
  {
    patterns: ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'],
    reason: 'a lockfile decides which package code is installed',
    examples: ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'],
  },
  {
    patterns: ['.eslintrc*', 'eslint.config.*', '.prettierrc*', 'prettier.config.*', '.stylelintrc*', 'stylelint.config.*', '.lintstagedrc*', 'lint-staged.config.*'],
    reason: 'editor extensions and commit hooks load and run these configurations',
    examples: ['.eslintrc.js', '.eslintrc.json', 'eslint.config.mjs', '.prettierrc', 'prettier.config.js', '.stylelintrc.json', '.lintstagedrc'],
  },
  {
    patterns: ['.agentignore'],
    reason: '.agentignore decides which files the agent may read',
    examples: ['.agentignore'],
  },
];

/** Ordinary files near a protected rule. */
export const NOT_PROTECTED_EXAMPLES: readonly string[] = ['src/index.ts', 'src/vscode/settings.ts', 'docs/eslint.md', 'github/workflows.md', 'README.md'];

/**
 * package.json fields whose change can run code without an explicit action by the user: scripts
 * and the settings of hook runners, linters, formatters and the package manager itself.
 */
export const PACKAGE_JSON_CODE_FIELDS: readonly string[] = [
  'scripts',
  'config',
  'bin',
  'gypfile',
  'packageManager',
  'husky',
  'pre-commit',
  'precommit',
  'simple-git-hooks',
  'gitHooks',
  'ghooks',
  'lint-staged',
  'eslintConfig',
  'prettier',
  'stylelint',
];

/** Refused outright, whatever the allow list says; `geminiAgent.deniedCommands` adds to these. */
export const DEFAULT_DENIED_COMMANDS: readonly string[] = ['sudo', 'su', 'doas', 'pkexec', 'rm -rf /', 'rm -rf ~', 'mkfs', 'dd', 'shutdown', 'reboot'];

/** The lists as SECURITY.md shows them (between its `<!-- lists:begin -->` and `<!-- lists:end -->` marks). */
export function renderSecurityLists(): string {
  const code = (xs: readonly string[]) => xs.map((x) => `\`${x}\``).join(', ');
  const rule = (r: PathRule) => `- ${code(r.patterns)}: ${r.reason}.`;
  return [
    '**Sensitive** (never read, listed, searched, written, or named in an auto-approved command):',
    '',
    ...SENSITIVE_RULES.map(rule),
    '',
    '**Protected** (a change always waits for you, in `auto` mode too; a command naming one asks):',
    '',
    ...PROTECTED_RULES.map(rule),
    '',
    `In \`package.json\` only these fields count as a protected change: ${code(PACKAGE_JSON_CODE_FIELDS)}.`,
    '',
    `**Denied commands** (built in): ${code(DEFAULT_DENIED_COMMANDS)}.`,
  ].join('\n');
}
