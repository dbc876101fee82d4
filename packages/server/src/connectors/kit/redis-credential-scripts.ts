import { redisScript } from './redis-script.ts';

/**
 * The atomic steps of the shared credential cache. Keys: `cred` a hash {value, digest, refreshAt}
 * (refreshAt '' = until the system says it expired), `lock` the fetch lock holding its owner id.
 */

/**
 * Look up or lock (KEYS cred, lock; ARGV now, owner, lockMs, staleDigest): a fresh credential →
 * {'hit', value, refreshAt, digest}; else take the lock → {'lock'}; else → {'wait', pttl, holder}.
 */
export const CLAIM = redisScript(`
local v = redis.call('HMGET', KEYS[1], 'value', 'refreshAt', 'digest')
if v[1] and v[3] ~= ARGV[4] and (v[2] == '' or tonumber(v[2]) > tonumber(ARGV[1])) then
  return {'hit', v[1], v[2], v[3]}
end
if redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then return {'lock'} end
return {'wait', redis.call('PTTL', KEYS[2]), redis.call('GET', KEYS[2]) or ''}
`);

/**
 * Store a fetched credential and release the lock if still ours, then announce it
 * (KEYS cred, lock; ARGV owner, value, digest, refreshAt, ttlMs, channel, message).
 */
export const STORE = redisScript(`
redis.call('HSET', KEYS[1], 'value', ARGV[2], 'digest', ARGV[3], 'refreshAt', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
redis.call('PUBLISH', ARGV[6], ARGV[7])
return 1
`);

/** Release the lock after a failed fetch and announce the failure (KEYS lock; ARGV owner, channel, message). */
export const RELEASE = redisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
`);

/**
 * Drop the credential only if it is still the one a caller saw expire, and announce it
 * (KEYS cred; ARGV digest, channel, message); returns 1 when dropped.
 */
export const INVALIDATE = redisScript(`
if redis.call('HGET', KEYS[1], 'digest') == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], ARGV[3])
  return 1
end
return 0
`);
