import { type Logger, pino } from 'pino';
import { createRedactor } from '../secrets/index.ts';

/** Options of the process logger (env QIAO_LOG_LEVEL: trace|debug|info|warn|error|silent). */
export interface LoggerOptions {
  level?: string;
  /** Where lines go (default stdout); tests pass a stream. */
  destination?: NodeJS.WritableStream;
}

/**
 * The structured logger: one JSON object per line (pino), with every value passed through the secret
 * redactor so credentials never reach a log even when an error message quotes them.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const redact = createRedactor([]);
  return pino(
    {
      level: options.level ?? process.env.QIAO_LOG_LEVEL ?? 'info',
      base: { service: 'qiao' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (object) => redact(object) },
    },
    options.destination ?? process.stdout,
  );
}

export type { Logger };
