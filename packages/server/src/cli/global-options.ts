import type { Command } from 'commander';
import { CliError } from './fail.ts';
import { type Language, parseLanguage, unknownLanguage } from './messages.ts';

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

/**
 * The `--lang` of a command line (`--lang en` or `--lang=en`, the last one; none after `--`), read before
 * commander parses it: help and commander's own errors are written in that language, so it is known before the
 * program is declared. Undefined when not given (or given without a value, which commander then reports).
 */
export function langArgument(args: readonly string[]): string | undefined {
  let lang: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') break;
    if (arg === '--lang') {
      const value = args[i + 1];
      if (value !== undefined) lang = value;
      i++;
    } else if (arg.startsWith('--lang=')) lang = arg.slice('--lang='.length);
  }
  return lang;
}

/** The language `--lang` (else QIAO_LANG, else Chinese) asks for; one the CLI does not speak is refused (exit 2). */
export function languageOf(option: string | undefined, env = process.env.QIAO_LANG): Language {
  const fromEnv = env?.trim();
  if (option === undefined && !fromEnv) return 'zh';
  const [text, source] = option === undefined ? [fromEnv ?? '', 'QIAO_LANG'] : [option, '--lang'];
  const lang = parseLanguage(text);
  if (!lang) throw new CliError(unknownLanguage(text, source));
  return lang;
}
