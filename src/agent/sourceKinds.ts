/** Which files are source code and which folders hold vendored or generated files, by name alone. */

const SOURCE_EXTENSIONS = new Set(
  'ts tsx mts cts js jsx mjs cjs py pyi rs go java kt kts scala groovy rb php cs fs vb c cc cpp cxx h hh hpp hxx m mm swift vue svelte astro ex exs erl hrl hs clj cljs lua dart sh bash zsh ps1 sql r jl zig nim ml mli elm pl pm proto graphql gql sol'.split(' '),
);

const MANIFESTS = new Set([
  'package.json',
  'tsconfig.json',
  'deno.json',
  'pyproject.toml',
  'setup.py',
  'setup.cfg',
  'requirements.txt',
  'Pipfile',
  'Cargo.toml',
  'go.mod',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'settings.gradle',
  'Gemfile',
  'composer.json',
  'mix.exs',
  'CMakeLists.txt',
  'Makefile',
  'pubspec.yaml',
]);

/**
 * Folders of vendored, installed or generated files: collapsed in the first view even without a
 * .gitignore (a 19k-file `vendor/` must not take the room the project's own code needs).
 */
const VENDOR_FOLDERS = new Set([
  'vendor',
  'vendors',
  'third_party',
  'third-party',
  'thirdparty',
  'external',
  'node_modules',
  'bower_components',
  'jspm_packages',
  'dist',
  'build',
  'out',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.output',
  '.turbo',
  '.parcel-cache',
  '.cache',
  'target',
  'coverage',
  '.nyc_output',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'site-packages',
  '.eggs',
  '.gradle',
  'Pods',
  'Carthage',
  '.yarn',
  '.pnpm-store',
  '.terraform',
  '.idea',
]);

export function isSourceFile(name: string): boolean {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return false;
  if (/\.min\.[cm]?js$|\.map$/.test(name)) return false;
  return SOURCE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

export function isManifest(name: string): boolean {
  return MANIFESTS.has(name);
}

export function isVendorFolder(name: string): boolean {
  return VENDOR_FOLDERS.has(name) || name.endsWith('.egg-info');
}

/** Folders that usually hold images, fonts, documents or data rather than code. */
const ASSET_FOLDERS = /^(assets?|images?|img|imgs|icons?|logos?|fonts?|static|public|media|docs?|documentation|screenshots?|fixtures?|testdata|test-data|data|datasets?|samples?|examples?|resources|res|locales?|i18n|translations)$/i;

export function isAssetFolder(name: string): boolean {
  return ASSET_FOLDERS.test(name);
}
