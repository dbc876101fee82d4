import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { Env } from 'hono/types';
import { bilingual } from '../errors/index.ts';

/** Paths that belong to the server, never to the console's client-side router. */
const SERVER_PATHS = /^\/(api|hooks|callbacks|healthz|metrics)(\/|$)/;

/**
 * Serves the built web console (`packages/console/dist`) at `/`: hashed assets with a long cache,
 * other files as they are, and `index.html` for every other GET (but a missing `/assets/…` file, a 404)
 * so client-side routes reload.
 * Does nothing (returns false) when `distDir` has no `index.html` — the API works without a console.
 */
export function mountConsole<E extends Env>(app: Hono<E>, distDir: string): boolean {
  const root = resolve(distDir);
  const indexFile = join(root, 'index.html');
  if (!existsSync(indexFile)) return false;
  const indexHtml = readFileSync(indexFile, 'utf8');
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable');
  });
  app.use('*', async (c, next) => {
    if (SERVER_PATHS.test(c.req.path) || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return next();
    return serveStatic<E>({ root })(c, next);
  });
  app.get('*', (c, next) => {
    if (SERVER_PATHS.test(c.req.path)) return next();
    // A missing asset (an old tab asking for a replaced bundle) is a 404, not the page: a script
    // answered with HTML fails with a confusing syntax error instead of a clean load failure.
    if (c.req.path.startsWith('/assets/')) return c.text('Not Found', 404);
    c.header('cache-control', 'no-cache');
    return c.html(indexHtml);
  });
  return true;
}

/** Why there is no console, and how to get one: the build it is served from is missing. */
export const CONSOLE_NOT_BUILT = {
  zh: '控制台未构建：先运行 npm run build（npm run demo 会自动构建），再重启 qiao serve；API 照常可用',
  en: 'console not built: run npm run build first (npm run demo builds it), then restart qiao serve; the API works without it',
} as const;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The page a browser gets instead of the console while it is not built: both languages, where to go next. */
const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh">
<meta charset="utf-8">
<title>Qiao — 控制台未构建 / console not built</title>
<body style="font-family: system-ui, sans-serif; max-width: 42rem; margin: 3rem auto; line-height: 1.6">
<h1>控制台未构建 / Console not built</h1>
<p>${escapeHtml(CONSOLE_NOT_BUILT.zh)}。</p>
<p>${escapeHtml(CONSOLE_NOT_BUILT.en)}.</p>
<pre>npm run build      # 构建控制台和服务器 / builds the console and the server
npx qiao serve</pre>
<p>API: <a href="/api/openapi.json">/api/openapi.json</a> · <a href="/healthz">/healthz</a></p>
</body>
</html>
`;

/**
 * Where the console would be served while its build is missing (`mountConsole` returned false): every GET
 * outside the server's own paths answers 404 with why and what to run — an HTML page for a browser, the
 * API's error body (`NOT_FOUND`, `details.console: "not built"`) for anything else — instead of the
 * generic "no route".
 */
export function explainMissingConsole<E extends Env>(app: Hono<E>): void {
  app.get('*', (c, next) => {
    if (SERVER_PATHS.test(c.req.path)) return next();
    c.header('cache-control', 'no-cache');
    if (/text\/html/i.test(c.req.header('accept') ?? '')) return c.html(NOT_BUILT_PAGE, 404);
    const message = bilingual(CONSOLE_NOT_BUILT.zh, CONSOLE_NOT_BUILT.en);
    return c.json({ code: 'NOT_FOUND', message, details: { console: 'not built' } }, 404);
  });
}

/** The default location of the built console relative to the server package's `src/api` folder. */
export function defaultConsoleDist(): string {
  return resolve(import.meta.dirname, '../../../console/dist');
}
