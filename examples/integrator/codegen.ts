/**
 * The integrator's own GraphQL Code Generator config (`npm run integrator:codegen`): typed
 * documents for operations/*.graphql, checked against the gateway's committed SDL — the file an
 * integrator would copy or download (`schema/schema.graphql`); nothing here imports the gateway.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../../schema/schema.graphql',
  documents: ['operations/*.graphql'],
  ignoreNoDocuments: false,
  emitLegacyCommonJSImports: false,
  generates: {
    'generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', JSON: 'unknown' }, skipTypename: true },
    },
  },
};

export default config;
