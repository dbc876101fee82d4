#!/usr/bin/env node
// The `qiao` command. Runs the bundle (dist/qiao.mjs, `npm run build`) when it was built from the
// sources as they are now (dist/stamp.json, checked by dist-stamp.mjs), else the TypeScript sources
// through tsx — so an edit is never shadowed by a stale bundle, and a fresh clone needs no build.
// QIAO_FROM_SOURCE=1 forces the sources.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distIsCurrent } from './dist-stamp.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
if (process.env.QIAO_FROM_SOURCE !== '1' && distIsCurrent(root)) {
  await import('../dist/qiao.mjs');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
