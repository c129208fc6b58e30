/**
 * GraphiQL at GET /graphql (a browser's `Accept: text/html`), built from the installed
 * `@graphql-yoga/render-graphiql`: Yoga's built-in page loads its scripts from a CDN and stays
 * blank offline (design §1 fact 12). That package's own renderer inlines the whole console
 * (~9 MB: GraphiQL, Monaco and three workers) into every page it renders; here the page is a
 * ~2 KB shell and the package's assets are served once per
 * browser from GRAPHIQL_ASSETS_PATH, versioned and cacheable — a GET with `Accept: text/html`
 * (any client may send one) costs a small page, not 9 MB.
 */
import { createHash } from 'node:crypto';
import { css, editorWorkerService, favicon, graphqlWorker, js, jsonWorker } from '@graphql-yoga/render-graphiql/graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';
import { CSRF_HEADER } from './browser.js';

// A hash of the assets names their folder, so a browser may cache them for good (≈ 20 ms at start).
const VERSION = createHash('sha256').update(js).update(css).update(editorWorkerService).update(jsonWorker).update(graphqlWorker).digest('hex').slice(0, 12);
/** Where the console's files are served: versioned by content, so they can be cached for good. */
export const GRAPHIQL_ASSETS_PATH = `/graphiql/${VERSION}/`;

// The package's favicon is a 150 KB data: URL (six sizes): served as a file too.
const FAVICON = /^data:([^;,]+);base64,(.*)$/s.exec(favicon);

const ASSETS: Record<string, { type: string; body: string | Uint8Array<ArrayBuffer> }> = {
  ...(FAVICON ? { 'favicon.ico': { type: FAVICON[1]!, body: new Uint8Array(Buffer.from(FAVICON[2]!, 'base64')) } } : {}),
  'graphiql.css': { type: 'text/css; charset=utf-8', body: css },
  'graphiql.js': { type: 'text/javascript; charset=utf-8', body: js },
  'editor.worker.js': { type: 'text/javascript; charset=utf-8', body: editorWorkerService },
  'json.worker.js': { type: 'text/javascript; charset=utf-8', body: jsonWorker },
  'graphql.worker.js': { type: 'text/javascript; charset=utf-8', body: graphqlWorker },
};

/** The console's options: the Authorization header to fill in, subscriptions over SSE. */
export const GRAPHIQL_OPTIONS = {
  title: 'Liftgate GraphiQL',
  // The headers pane starts with the line to fill in: every field but __typename needs a token.
  defaultHeaders: JSON.stringify({ Authorization: 'Bearer <token>' }, null, 2),
  defaultEditorToolsVisibility: 'headers',
  isHeadersEditorEnabled: true,
  defaultQuery: '{ viewer { tokenName grants { role environment { key name } } } }\n',
  // Subscriptions over SSE carry the headers pane's Authorization (graphql-ws would need it in
  // connectionParams, which the console cannot set). The console's SSE request is a GET, which
  // CSRF prevention refuses without our header: the console is same-origin, so it sends it.
  subscriptionsProtocol: 'SSE',
  additionalHeaders: { [CSRF_HEADER]: 'graphiql' },
} satisfies GraphiQLOptions;

/** JSON safe inside a <script> element (no `</script>` or `<!--` can close it). */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Yoga's `renderGraphiQL`: the shell page, loading the package's assets from GRAPHIQL_ASSETS_PATH. */
export function renderGraphiQLPage(options: GraphiQLOptions): string {
  const base = GRAPHIQL_ASSETS_PATH;
  const workers = { editorWorkerService: `${base}editor.worker.js`, json: `${base}json.worker.js`, graphql: `${base}graphql.worker.js` };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${FAVICON ? `${base}favicon.ico` : favicon}" />
    <link rel="stylesheet" href="${base}graphiql.css" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script>
      const workers = ${scriptJson(workers)};
      self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (moduleId, label) => workers[label] };
    </script>
    <script src="${base}graphiql.js"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${scriptJson(options)});
    </script>
  </body>
</html>
`;
}

/** The response for a path under GRAPHIQL_ASSETS_PATH: the file, cached for a year, or 404. */
export function graphiqlAssetResponse(pathname: string): Response {
  const asset = ASSETS[pathname.slice(GRAPHIQL_ASSETS_PATH.length)];
  if (!asset) return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
  return new Response(asset.body, { headers: { 'content-type': asset.type, 'cache-control': 'public, max-age=31536000, immutable' } });
}
