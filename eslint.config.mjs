// Lint holds the layering line: only src/vscode/** and src/extension.ts import `vscode` at run
// time; only src/model/ imports the Gemini SDK; the webview imports only src/shared.
import tseslint from 'typescript-eslint';

const vscodeOnlyInAdapters = { name: 'vscode', message: 'Pure code must not import vscode: put VS Code calls in src/vscode/ behind an interface.', allowTypeImports: false };
const sdkOnlyInModel = { name: '@google/generative-ai', message: 'Only src/model/ talks to the Gemini SDK: go through the ModelClient interfaces.', allowTypeImports: false };
const restrict = (...paths) => ({ 'no-restricted-imports': ['error', { paths }] });

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  { files: ['src/**/*.ts'], ignores: ['src/vscode/**', 'src/extension.ts', 'src/model/**'], rules: restrict(vscodeOnlyInAdapters, sdkOnlyInModel) },
  // Unit tests run under plain Node; the emulator's own tests read it through the real SDK.
  { files: ['test/unit/**/*.ts'], rules: restrict(vscodeOnlyInAdapters) },
  { files: ['src/vscode/**/*.ts', 'src/extension.ts'], rules: restrict(sdkOnlyInModel) },
  { files: ['src/model/**/*.ts'], rules: restrict(vscodeOnlyInAdapters) },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src/vscode/**', '**/src/agent/**', '**/src/tools/**', '**/src/model/**', 'vscode'], message: 'The webview imports only src/shared.' }] }],
    },
  },
);
