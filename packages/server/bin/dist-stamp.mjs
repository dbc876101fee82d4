// The bundle's stamp: which files dist/ was built from, each with its modification time, size and
// content hash. bin/qiao.mjs runs dist/ only while every one of them is unchanged, so it never runs
// stale code: an edited, added-and-imported or deleted source, a changed build script or another
// `npm install` (node_modules/.package-lock.json) all send it back to the TypeScript sources.
// Checking costs one stat per file; a file whose time changed but not its size (a checkout, `touch`)
// is hashed to tell.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The stamp's file name inside dist/. */
export const STAMP_FILE = 'stamp.json';

/** Files that shape the bundle besides its source inputs (relative to packages/server). */
const BUILD_FILES = [
  'bin/build.mjs',
  'bin/dist-stamp.mjs',
  'package.json',
  '../../node_modules/.package-lock.json',
];

/** The files a stamp lists: the bundle's inputs outside node_modules (esbuild metafile paths), and BUILD_FILES. */
export function stampInputs(root, metafileInputs) {
  const own = metafileInputs.filter((file) => !file.includes('node_modules/') && !file.startsWith('<'));
  const extra = BUILD_FILES.filter((file) => fingerprint(join(root, file)) !== undefined);
  return [...new Set([...own, ...extra])].sort();
}

/** `[mtimeMs, size, sha1]` of a file, or undefined when it does not exist. */
export function fingerprint(path) {
  try {
    const { mtimeMs, size } = statSync(path);
    return [mtimeMs, size, hashOf(path)];
  } catch {
    return undefined;
  }
}

function hashOf(path) {
  return createHash('sha1').update(readFileSync(path)).digest('hex');
}

/**
 * Whether dist/ under `root` was built from the files as they are now (and by this Node major).
 * Returns false when there is no stamp, a listed file is missing or changed.
 */
export function distIsCurrent(root) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, 'dist', STAMP_FILE), 'utf8'));
  } catch {
    return false;
  }
  if (!stamp || typeof stamp.files !== 'object') return false;
  if (String(stamp.node).split('.')[0] !== process.versions.node.split('.')[0]) return false;
  for (const [file, recorded] of Object.entries(stamp.files)) {
    if (!Array.isArray(recorded)) return false;
    const [mtimeMs, size, hash] = recorded;
    let now;
    try {
      now = statSync(join(root, file));
    } catch {
      return false;
    }
    if (now.size !== size) return false;
    if (now.mtimeMs !== mtimeMs && hashOf(join(root, file)) !== hash) return false;
  }
  return true;
}
