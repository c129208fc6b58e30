/**
 * `npm run dashboard`: serves the live dashboard (plain ESM, no build) and graphql-ws's browser
 * build from node_modules, with /config.json telling the page which gateway, token, environment
 * and experiment to show. Variables: LIFTGATE_URL (default http://localhost:4000), LIFTGATE_TOKEN
 * (a VIEWER token or higher), DASHBOARD_ENVIRONMENT (default demo), DASHBOARD_EXPERIMENT (default
 * CHECKOUT-REDESIGN), DASHBOARD_PORT (default 5174). The page connects to the gateway over
 * WebSocket only, so no CORS set-up is needed.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

export interface DashboardConfig {
  /** graphql-ws endpoint, e.g. ws://localhost:4000/graphql. */
  gateway: string;
  token: string;
  environment: string;
  experiment: string;
}

const HERE = import.meta.dirname;
const VENDOR = resolve(HERE, '../../node_modules/graphql-ws/dist');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
const PAGE_FILES = new Set(['index.html', 'dashboard.js', 'dashboard.css']);

/** The file a path names: the page's own files, or a .js file of graphql-ws's dist; else null. */
function fileFor(pathname: string): string | null {
  if (pathname === '/' || pathname === '/index.html') return join(HERE, 'index.html');
  const own = pathname.slice(1);
  if (PAGE_FILES.has(own)) return join(HERE, own);
  if (pathname.startsWith('/vendor/graphql-ws/')) {
    const name = normalize(pathname.slice('/vendor/graphql-ws/'.length));
    if (!name.includes('/') && !name.includes('..') && name.endsWith('.js')) return join(VENDOR, name);
  }
  return null;
}

/** Starts the dashboard server on `port` (0 = any free one); resolves with it and its URL. */
export async function startDashboardServer(config: DashboardConfig, port = 0, host = '127.0.0.1'): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    if (pathname === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(config));
      return;
    }
    const file = fileFor(pathname);
    const body = file ? await readFile(file).catch(() => null) : null;
    if (!file || !body) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  });
  await new Promise<void>((done) => server.listen(port, host, done));
  const address = server.address() as { port: number };
  return { server, url: `http://${host}:${address.port}` };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(HERE, 'serve.ts')) {
  const base = (process.env.LIFTGATE_URL ?? 'http://localhost:4000').replace(/\/+$/, '');
  const token = process.env.LIFTGATE_TOKEN;
  if (!token) {
    console.error('LIFTGATE_TOKEN is required (a VIEWER token or higher of the environment)');
    process.exit(2);
  }
  const { url } = await startDashboardServer({
    gateway: `${base.replace(/^http/, 'ws')}/graphql`,
    token,
    environment: process.env.DASHBOARD_ENVIRONMENT ?? 'demo',
    experiment: process.env.DASHBOARD_EXPERIMENT ?? 'CHECKOUT-REDESIGN',
  }, Number(process.env.DASHBOARD_PORT ?? 5174), process.env.DASHBOARD_HOST ?? '127.0.0.1');
  console.log(`Liftgate live dashboard: ${url}/ (gateway ${base})`);
}
