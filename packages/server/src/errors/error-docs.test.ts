import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from './catalogue.ts';
import { errorCatalogueMarkdown } from './error-docs.ts';
import { QiaoError, toStructuredError } from './qiao-error.ts';
import { ERROR_DOCS_FILE } from './write-error-docs.ts';

describe('error catalogue', () => {
  it('is documented in docs/errors.md exactly as generated', async () => {
    const committed = await readFile(ERROR_DOCS_FILE, 'utf8');
    expect(committed).toBe(errorCatalogueMarkdown());
  });

  it('gives every code a Chinese and an English meaning', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(entry.zh.length, code).toBeGreaterThan(0);
      expect(entry.en.length, code).toBeGreaterThan(0);
    }
  });

  it('derives retry meaning from the kind and keeps the system error', () => {
    const error = new QiaoError('CONNECTOR_RATE_LIMITED', 'slow down', {
      system: { errcode: 90018 },
      retryAfterMs: 50,
    });
    expect(error.retryable).toBe(true);
    expect(error.toStructured(2)).toEqual({
      code: 'CONNECTOR_RATE_LIMITED',
      kind: 'operational',
      message: 'slow down',
      retryable: true,
      attempt: 2,
      retryAfterMs: 50,
      system: { errcode: 90018 },
    });
    expect(new QiaoError('CONNECTOR_REJECTED', 'no').retryable).toBe(false);
  });

  it('turns anything thrown into an unexpected INTERNAL error', () => {
    expect(toStructuredError(new TypeError('x is undefined'))).toMatchObject({
      code: 'INTERNAL',
      kind: 'unexpected',
      retryable: false,
    });
    expect(toStructuredError('plain string')).toMatchObject({ message: 'plain string' });
  });
});
