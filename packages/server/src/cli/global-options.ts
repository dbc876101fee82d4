import type { Command } from 'commander';

/** Options every command inherits from `qiao`. */
export interface GlobalOptions {
  lang?: string;
  dataDir: string;
  databaseUrl?: string;
}

/** Reads the global options seen by `command`. */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}
