// Lint holds the layering line: only src/vscode/** and src/extension.ts import `vscode` at run
// time; the webview imports only src/shared.
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Pure code must not import vscode: put VS Code calls in src/vscode/ behind an interface.', allowTypeImports: false }] }],
};

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
  { files: ['src/**/*.ts', 'test/unit/**/*.ts'], ignores: ['src/vscode/**', 'src/extension.ts'], rules: noVscode },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src/vscode/**', '**/src/agent/**', '**/src/tools/**', '**/src/model/**', 'vscode'], message: 'The webview imports only src/shared.' }] }],
    },
  },
);
