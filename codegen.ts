/**
 * GraphQL Code Generator (`npm run codegen`): typed documents (TypedDocumentNode) for the named
 * operations in schema/operations/*.graphql and the `graphql(…)` calls in the tests, checked
 * against the committed SDL (schema/schema.graphql; this never imports src/). The output in
 * test/generated/ is committed so `npm run codegen:check` can fail on drift.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['schema/operations/*.graphql', 'test/**/*.ts', '!test/generated/**'],
  ignoreNoDocuments: false,
  // `.js` extensions on relative imports, as NodeNext resolution wants.
  emitLegacyCommonJSImports: false,
  generates: {
    'test/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // Scalars as they travel in JSON.
        scalars: { DateTime: 'string', JSON: 'unknown' },
        skipTypename: true,
      },
    },
  },
};

export default config;
