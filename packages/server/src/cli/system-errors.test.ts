import { describe, expect, it } from 'vitest';
import { QiaoError } from '../errors/index.ts';
import { atSpot, LABELS, userErrorAt } from './system-errors.ts';

/** A Node system error as `listen` or `fs` raise it. */
const systemError = (code: string) => Object.assign(new Error(`${code}: something`), { code });

describe('system errors at the spots the user chose', () => {
  it('names the port and what to do when listening fails', () => {
    const busy = userErrorAt({ listen: 8099 }, systemError('EADDRINUSE'));
    expect(busy).toMatchObject({ code: 'INPUT_INVALID', kind: 'user', details: { port: 8099 } });
    expect(busy?.message).toBe(
      '端口 8099 已被占用，请用 --port 换一个端口 / port 8099 is in use; pick another with --port',
    );
    expect(userErrorAt({ listen: 80 }, systemError('EACCES'))?.message).toContain(
      'not allowed to listen on port 80',
    );
    expect(userErrorAt({ listen: 80, host: '10.9.9.9' }, systemError('EADDRNOTAVAIL'))?.message).toContain(
      'cannot listen on 10.9.9.9',
    );
  });

  it('names the path read, written or created', () => {
    const missing = userErrorAt({ read: '/p', label: LABELS.project }, systemError('ENOENT'));
    expect([missing?.code, missing?.message]).toEqual([
      'NOT_FOUND',
      '项目文件夹不存在：/p / project folder not found: /p',
    ]);
    expect(userErrorAt({ write: '/a/b.json' }, systemError('ENOENT'))?.message).toContain(
      'the folder /a does not exist',
    );
    expect(userErrorAt({ write: '/a' }, systemError('EACCES'))?.message).toBe(
      '没有权限写入 /a / no permission to write /a',
    );
    expect(userErrorAt({ create: '/d', label: LABELS.dataDir }, systemError('EACCES'))?.message).toContain(
      'no permission to create the data directory /d',
    );
  });

  it('leaves any other error as it is: a bug still reports as one', async () => {
    expect(userErrorAt({ listen: 1 }, systemError('ECONNRESET'))).toBeUndefined();
    expect(userErrorAt({ write: '/a' }, new Error('no code'))).toBeUndefined();
    const bug = new TypeError('x is undefined');
    await expect(atSpot({ write: '/a' }, () => Promise.reject(bug))).rejects.toBe(bug);
    await expect(
      atSpot({ listen: 1 }, () => Promise.reject(systemError('EADDRINUSE'))),
    ).rejects.toBeInstanceOf(QiaoError);
  });
});
