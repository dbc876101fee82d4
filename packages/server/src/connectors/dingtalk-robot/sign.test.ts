import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { robotSignature, signRobotRequest, withRobotSignature } from './sign.ts';

/** The documented algorithm, written out independently of sign.ts. */
function documented(secret: string, timestamp: number): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  mac.update(Buffer.from(`${timestamp}\n${secret}`, 'utf8'));
  return encodeURIComponent(mac.digest().toString('base64'));
}

describe('dingtalk robot signature (加签)', () => {
  it('matches a vector computed outside Node (openssl dgst -sha256 -hmac … -binary | base64)', () => {
    // printf '1700000000000\nSEC0123456789abcdef' | openssl dgst -sha256 -hmac 'SEC0123456789abcdef' -binary | base64
    expect(robotSignature('SEC0123456789abcdef', 1_700_000_000_000)).toBe(
      'TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=',
    );
    expect(
      withRobotSignature(
        'https://oapi.dingtalk.com/robot/send?access_token=t',
        'SEC0123456789abcdef',
        1_700_000_000_000,
      ),
    ).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1700000000000&sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D',
    );
  });

  it('agrees with the documented algorithm for many secrets and timestamps (UTF-8, URL-encoded once)', () => {
    for (let i = 0; i < 50; i++) {
      const secret = `SEC${(i * 7919).toString(16).padStart(8, '0')}密钥${i}`;
      const timestamp = 1_700_000_000_000 + i * 12_345;
      const url = withRobotSignature('http://h/robot/send?access_token=x', secret, timestamp);
      expect(url).toBe(
        `http://h/robot/send?access_token=x&timestamp=${timestamp}&sign=${documented(secret, timestamp)}`,
      );
      expect(new URL(url).searchParams.get('sign')).toBe(robotSignature(secret, timestamp));
    }
  });

  it('signs at send time only when a signSecret is set', () => {
    let now = 1_700_000_000_000;
    const sign = signRobotRequest(() => now);
    const request = { method: 'POST', url: 'http://h/robot/send?access_token=x', headers: {} };
    const plain = sign(request, { config: {}, secrets: { accessToken: 'x' }, token: null });
    expect(plain).toBe(request);
    const first = sign(request, { config: {}, secrets: { signSecret: 'SEC1' }, token: null });
    now += 1000;
    const second = sign(request, { config: {}, secrets: { signSecret: 'SEC1' }, token: null });
    expect((first as { url: string }).url).toContain('timestamp=1700000000000&sign=');
    expect((second as { url: string }).url).toContain('timestamp=1700000001000&sign=');
  });
});
