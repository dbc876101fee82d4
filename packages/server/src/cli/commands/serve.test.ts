import { afterEach, describe, expect, it } from 'vitest';
import { currentLanguage, setLanguage } from '../messages.ts';
import { servingLines } from './serve.ts';

describe('qiao serve at start', () => {
  const before = currentLanguage();
  afterEach(() => setLanguage(before));

  it('says where it serves and how to stop', () => {
    setLanguage('en');
    expect(servingLines({ url: 'http://127.0.0.1:8080', consoleServed: true })).toEqual([
      'Qiao is serving at http://127.0.0.1:8080',
      'press Ctrl-C to stop',
    ]);
  });

  it('says that the console is not built, and how to build it, when its build is missing', () => {
    setLanguage('en');
    expect(servingLines({ url: 'http://127.0.0.1:8080', consoleServed: false })).toEqual([
      'Qiao is serving at http://127.0.0.1:8080',
      'console not built: run npm run build first (npm run demo builds it), then restart qiao serve; the API works without it',
      'press Ctrl-C to stop',
    ]);
    setLanguage('zh');
    expect(servingLines({ url: 'http://x', consoleServed: false })[1]).toBe(
      '控制台未构建：先运行 npm run build（npm run demo 会自动构建），再重启 qiao serve；API 照常可用',
    );
  });
});
