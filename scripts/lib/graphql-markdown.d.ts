// graphql-markdown ships no types: the two functions scripts/lib/api-reference.ts uses.
declare module 'graphql-markdown' {
  /** Introspection result (`data`) of a GraphQLSchema. */
  export function schemaToJSON(schema: unknown): Promise<unknown>;
  /** Renders introspection JSON as Markdown, one `printer` call per chunk. */
  export function renderSchema(schema: unknown, options: Record<string, unknown>): void;
  const graphqlMarkdown: { schemaToJSON: typeof schemaToJSON; renderSchema: typeof renderSchema };
  export default graphqlMarkdown;
}
