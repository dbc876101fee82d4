import { QiaoError } from '../errors/index.ts';
import { inCurrentLanguage, t } from './messages.ts';

/** Exit codes: 0 success, 1 a run or scenario failed, 2 bad input (arguments, definitions), 3 unexpected. */
export const EXIT = { ok: 0, failed: 1, usage: 2, unexpected: 3 } as const;

/** An error the CLI reports as one line and exits with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}

/**
 * Prints an error as one clear line (a stack trace only with QIAO_DEBUG=1) and returns the exit code. A
 * `中文 / English` message of the engine is printed in the CLI's language (`messageIn`), like everything else
 * it prints; a `CliError` is already worded in it (or in both on purpose: an unknown `--lang`).
 */
export function reportError(error: unknown): number {
  if (process.env.QIAO_DEBUG === '1' && error instanceof Error) console.error(error.stack);
  if (error instanceof CliError) {
    console.error(`${t('error')}: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof QiaoError) {
    console.error(`${t('error')} [${error.code}]: ${inCurrentLanguage(error.message)}`);
    return error.kind === 'unexpected' ? EXIT.unexpected : EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`${t('error')} [INTERNAL]: ${inCurrentLanguage(message)}`);
  return EXIT.unexpected;
}
