#!/usr/bin/env node
// `npm run build -w @qiao/server`: bundles the server into dist/ with esbuild — the `qiao` command
// (dist/qiao.mjs) and the end-to-end bench's child processes (dist/bench-e2e-001.mjs) — and writes
// dist/stamp.json, the list of inputs the bundle was built from, so bin/qiao.mjs runs the bundle only
// while it matches the sources (see dist-stamp.mjs).
// - ESM with code splitting: what the sources load with `await import()` (Redis, PostgreSQL, the API,
//   the simulators…) stays in chunks that are read only when used.
// - External: better-sqlite3 (native addon), bullmq (reads its Lua scripts from its own folder),
//   pg-native (optional, not installed) — resolved from node_modules at run time.
// - `import.meta.url` / `import.meta.dirname` in our sources are rewritten to name the source file,
//   so paths relative to it (examples/, the console's dist/) resolve as they do from the sources.
// - Whitespace and syntax minified, names kept: V8 keeps each loaded chunk's source text in the heap
//   (10 MB of the engine's start-up RSS before, undici's comments included). Stack traces keep the
//   function names; `node --enable-source-maps` or QIAO_FROM_SOURCE=1 give source lines.
// - ASCII only: esbuild escapes non-ASCII characters in strings but not in regex literals, and one such
//   character makes its whole chunk a two-byte string in V8 (twice the memory). Write such a regex as
//   `new RegExp('…')`; test/bundle/ascii-sources.test.ts finds them, and the build warns.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distIsCurrent, fingerprint, STAMP_FILE, stampInputs } from './dist-stamp.mjs';

/** The server package folder (packages/server). */
export const SERVER_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the bundle goes (git-ignored). */
export const DIST_DIR = join(SERVER_ROOT, 'dist');

/** Bundle entries: output name (without .mjs) → source file, relative to SERVER_ROOT. */
export const ENTRIES = {
  qiao: 'src/cli/main.ts',
  'bench-e2e-001': 'bench/e2e-001.ts',
};

/** Packages left to node_modules at run time. */
const EXTERNAL = ['better-sqlite3', 'bullmq', 'pg-native'];

/** Lets bundled CommonJS packages `require()` Node's built-ins from an ES module. */
const BANNER =
  "import { createRequire as __qiaoCreateRequire } from 'node:module';\nconst require = __qiaoCreateRequire(import.meta.url);";

/** Fingerprints of the sources as esbuild read them (absolute path → `[mtimeMs, size, sha1]`). */
const loaded = new Map();

/** Rewrites `import.meta.url`/`import.meta.dirname` in our own sources to the source file's location, relative to the bundle. */
const sourceLocations = {
  name: 'qiao-source-locations',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes('node_modules')) return undefined;
      // The stamp records the file as read here, so an edit made during the build counts as a change.
      const { mtimeMs, size } = statSync(args.path);
      const raw = readFileSync(args.path);
      loaded.set(args.path, [mtimeMs, size, createHash('sha1').update(raw).digest('hex')]);
      let contents = raw.toString('utf8');
      if (contents.includes('import.meta.')) {
        const file = relative(DIST_DIR, args.path).split('\\').join('/');
        const dir = relative(DIST_DIR, dirname(args.path)).split('\\').join('/');
        contents = contents
          .replaceAll('import.meta.url', `new URL(${JSON.stringify(file)}, import.meta.url).href`)
          .replaceAll('import.meta.dirname', `(import.meta.dirname + ${JSON.stringify(`/${dir}`)})`);
      }
      return { contents, loader: 'ts' };
    });
  },
};

/** Builds dist/ from the current sources and writes its stamp; returns the number of source inputs. */
export async function buildServer({ quiet = false } = {}) {
  const started = performance.now();
  loaded.clear();
  // Built beside dist/ and swapped in at the end, so a `qiao` starting meanwhile sees the old or the new bundle.
  const out = `${DIST_DIR}.building-${process.pid}`;
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  try {
    const inputs = await bundleInto(out, quiet);
    await rm(DIST_DIR, { recursive: true, force: true });
    await rename(out, DIST_DIR);
    if (!quiet) {
      const ms = Math.round(performance.now() - started);
      console.log(`qiao: built dist/ from ${inputs} files in ${ms} ms`);
    }
    return inputs;
  } catch (error) {
    await rm(out, { recursive: true, force: true });
    throw error;
  }
}

/** Warns about bundle outputs holding non-ASCII characters (see the header: twice their memory in V8). */
function warnNonAscii(out, outputs) {
  for (const output of outputs) {
    if (!output.endsWith('.mjs')) continue;
    const text = readFileSync(join(SERVER_ROOT, output), 'utf8');
    const at = text.search(/[\u0080-\uffff]/);
    if (at < 0) continue;
    const around = text.slice(Math.max(0, at - 40), at + 20);
    console.warn(
      `qiao build: ${relative(out, join(SERVER_ROOT, output))} holds non-ASCII text (a regex literal?) near …${around}… — V8 keeps the whole chunk as a two-byte string`,
    );
  }
}

/** Bundles into `out` and writes the stamp there; returns the number of stamped files. */
async function bundleInto(out, quiet) {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: SERVER_ROOT,
    entryPoints: Object.entries(ENTRIES).map(([name, input]) => ({ out: name, in: input })),
    outdir: out,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]', // beside the entries: the import.meta rewrite assumes every output in dist/
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.11',
    external: EXTERNAL,
    banner: { js: BANNER },
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'none',
    minifyWhitespace: true,
    minifySyntax: true,
    charset: 'ascii',
    logLevel: quiet ? 'error' : 'warning',
    plugins: [sourceLocations],
  });
  warnNonAscii(out, Object.keys(result.metafile.outputs));
  const inputs = stampInputs(SERVER_ROOT, Object.keys(result.metafile.inputs));
  const stamp = {
    builtAt: new Date().toISOString(),
    node: process.versions.node,
    files: Object.fromEntries(
      inputs.map((file) => {
        const path = join(SERVER_ROOT, file);
        return [file, loaded.get(path) ?? fingerprint(path)];
      }),
    ),
  };
  await writeFile(join(out, STAMP_FILE), `${JSON.stringify(stamp, null, 1)}\n`);
  return inputs.length;
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  // `--if-stale`: build only when dist/ does not match the sources.
  if (!process.argv.includes('--if-stale') || !distIsCurrent(SERVER_ROOT))
    await buildServer({ quiet: process.argv.includes('--quiet') });
}
