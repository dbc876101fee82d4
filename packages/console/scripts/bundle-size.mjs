#!/usr/bin/env node
// Reports the production bundle size of the console (`npm run bench -w @qiao/console`): every asset, raw and
// gzip, and the initial load (what index.html pulls in before any page chunk). Builds first when dist/ is missing.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = resolve(import.meta.dirname, '../dist');
if (!existsSync(join(dist, 'index.html')))
  execSync('npx vite build', { cwd: resolve(dist, '..'), stdio: 'inherit' });

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]));
const files = readdirSync(join(dist, 'assets')).map((name) => {
  const bytes = readFileSync(join(dist, 'assets', name));
  return { name, raw: bytes.length, gzip: gzipSync(bytes).length, initial: initial.has(name) };
});
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const sum = (list, key) => list.reduce((s, f) => s + f[key], 0);
const first = files.filter((f) => f.initial);
if (process.argv.includes('--json')) {
  // The same JSON-lines shape as the server's benchmarks: {name, value, unit}.
  const figures = [
    ['console bundle total raw', sum(files, 'raw')],
    ['console bundle total gzip', sum(files, 'gzip')],
    ['console bundle initial raw', sum(first, 'raw')],
    ['console bundle initial gzip', sum(first, 'gzip')],
  ];
  for (const [name, bytes] of figures)
    console.log(JSON.stringify({ name, value: Math.round(bytes / 102.4) / 10, unit: 'KB' }));
  process.exit(0);
}
console.log('console bundle (packages/console/dist)');
console.log(`  total:   ${files.length} files, ${kb(sum(files, 'raw'))} raw, ${kb(sum(files, 'gzip'))} gzip`);
console.log(
  `  initial: ${first.length} files, ${kb(sum(first, 'raw'))} raw, ${kb(sum(first, 'gzip'))} gzip (sign-in page)`,
);
for (const f of files.sort((a, b) => b.raw - a.raw).slice(0, 8))
  console.log(
    `    ${f.name.padEnd(36)} ${kb(f.raw).padStart(10)} ${kb(f.gzip).padStart(10)}${f.initial ? '  initial' : ''}`,
  );
