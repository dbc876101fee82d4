// Types of dist-stamp.mjs (for the TypeScript tests and bench that import it).
/** The stamp's file name inside dist/. */
export const STAMP_FILE: string;
/** `[mtimeMs, size, sha1]` of a file, or undefined when it does not exist. */
export type Fingerprint = [mtimeMs: number, size: number, sha1: string];
/** The files a stamp lists: the bundle's inputs outside node_modules (esbuild metafile paths), and the build files. */
export function stampInputs(root: string, metafileInputs: string[]): string[];
/** `[mtimeMs, size, sha1]` of a file, or undefined when it does not exist. */
export function fingerprint(path: string): Fingerprint | undefined;
/** Whether dist/ under `root` was built from the files as they are now (and by this Node major). */
export function distIsCurrent(root: string): boolean;
