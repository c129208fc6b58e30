/**
 * docs/api.md from an SDL: graphql-markdown's renderer over the schema's introspection, with a
 * fixed prologue. Deterministic (the printed SDL is sorted), so a drift check can compare text.
 */
import { buildSchema } from 'graphql';
// graphql-markdown is CommonJS (types in ./graphql-markdown.d.ts): its programmatic API, as its CLI uses it.
import graphqlMarkdown from 'graphql-markdown';

const { renderSchema, schemaToJSON } = graphqlMarkdown;

const PROLOGUE = [
  'Generated from `schema/schema.graphql` by `npm run docs:api` (graphql-markdown); do not edit by hand.',
  '`npm run docs:check` fails when this file is stale or when a public type, field, argument or enum',
  'value lacks a description. Send requests as `POST /graphql` with `Authorization: Bearer <token>`',
  '(README "Using it"); subscriptions over graphql-ws or SSE (README "Subscriptions").',
].join('\n');

/** The Markdown reference of `sdl` (a whole file, ending in a newline). */
export async function renderApiReference(sdl: string): Promise<string> {
  const introspection = await schemaToJSON(buildSchema(sdl));
  const lines: string[] = [];
  renderSchema(introspection, {
    title: 'Liftgate GraphQL API',
    prologue: PROLOGUE,
    tocFieldTypes: ['Query', 'Mutation', 'Subscription'],
    printer: (line: string) => lines.push(line),
  });
  return `${lines.join('\n').trimEnd()}\n`;
}
