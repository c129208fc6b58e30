/**
 * ESLint here checks one boundary a dependency graph cannot see: only src/config/ reads
 * process.env (every other module gets its settings from the validated Config). It is run by
 * `npm run lint:boundaries` with dependency-cruiser (.dependency-cruiser.cjs); no style rules.
 */
import tsParser from '@typescript-eslint/parser';

const MESSAGE = 'Only src/config/ reads process.env: add the variable to src/config/env.ts and pass the Config down.';

export default [
  { ignores: ['src/generated/**', 'src/config/**'] },
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error', noInlineConfig: true },
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: MESSAGE }],
      // The global `process` is the way in; importing the module would alias it past the rule above.
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'process', message: MESSAGE }, { name: 'node:process', message: MESSAGE }] },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.property.name='process'][property.name='env']", message: MESSAGE },
      ],
    },
  },
];
