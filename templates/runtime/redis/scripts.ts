/**
 * The Lua scripts. Each runs atomically on the Redis server and reads the time from Redis (TIME), so
 * processes on hosts with skewed clocks agree on lease and window expiry.
 */
import { Script } from './redis-client.js';

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * Take one slot (and one heavy slot when heavy) and spend `cost` credits — all or nothing.
 * KEYS: inflight, heavy, credits, creditBuckets.
 * ARGV: leaseId, leaseMs, cap, heavy (0|1), heavyCap, cost, creditLimit (0 = unlimited), windowMs, bucketMs.
 * Returns {1, now} when taken; {0, waitMs} when no slot is free (waitMs: until the first lease would expire);
 * {2, waitMs} when only the heavy cap is full;
 * {-1, waitMs, used} when the credits would go over the limit (waitMs: until the oldest bucket leaves).
 */
export const ACQUIRE = new Script(
  'acquire',
  `${NOW}
local cap = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= cap then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, math.max(1, tonumber(first[2]) - now)}
end
local heavy = ARGV[4] == '1'
if heavy then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then
    local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    return {2, math.max(1, tonumber(first[2]) - now)}
  end
end
local cost = tonumber(ARGV[6])
local limit = tonumber(ARGV[7])
local window = tonumber(ARGV[8])
local bucketMs = tonumber(ARGV[9])
-- Buckets wholly older than the window leave the total.
local cutoff = now - window - bucketMs
local old = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', cutoff)
if #old > 0 then
  local freed = 0
  for _, b in ipairs(old) do
    freed = freed + tonumber(redis.call('HGET', KEYS[3], b) or '0')
    redis.call('HDEL', KEYS[3], b)
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', cutoff)
  local total = tonumber(redis.call('HGET', KEYS[3], 'total') or '0') - freed
  if total < 0 then total = 0 end
  redis.call('HSET', KEYS[3], 'total', total)
end
local used = tonumber(redis.call('HGET', KEYS[3], 'total') or '0')
if limit > 0 and used + cost > limit then
  local first = redis.call('ZRANGE', KEYS[4], 0, 0, 'WITHSCORES')
  local wait = window
  if first[2] then wait = math.max(1, tonumber(first[2]) + window + bucketMs - now) end
  return {-1, wait, used}
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
if heavy then
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
  redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[2]) * 2)
end
if cost > 0 then
  local bucket = math.floor(now / bucketMs) * bucketMs
  redis.call('ZADD', KEYS[4], bucket, bucket)
  redis.call('HINCRBY', KEYS[3], bucket, cost)
  redis.call('HINCRBY', KEYS[3], 'total', cost)
  redis.call('PEXPIRE', KEYS[3], window + 2 * bucketMs)
  redis.call('PEXPIRE', KEYS[4], window + 2 * bucketMs)
end
return {1, now}`,
);

/** KEYS: inflight, heavy. ARGV: leaseId, channel. Frees the slot and wakes waiting processes. */
export const RELEASE = new Script(
  'release',
  `local n = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if n > 0 then redis.call('PUBLISH', ARGV[2], '1') end
return n`,
);

/** KEYS: inflight, heavy. ARGV: leaseMs, leaseId… Pushes the expiry of leases still held; returns how many. */
export const RENEW = new Script(
  'renew',
  `${NOW}
local until_ = now + tonumber(ARGV[1])
local n = 0
for i = 2, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], 'XX', until_, ARGV[i])
    if redis.call('ZSCORE', KEYS[2], ARGV[i]) then redis.call('ZADD', KEYS[2], 'XX', until_, ARGV[i]) end
    n = n + 1
  end
end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 2)
return n`,
);

/**
 * The refresh lock: SET NX PX with a fencing token from a counter.
 * KEYS: lock, fence. ARGV: ttlMs, holder. Returns the fence (> 0), or 0 when another process holds it.
 */
export const LOCK = new Script(
  'lock',
  `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local f = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], 604800000)
if not redis.call('SET', KEYS[1], f .. ':' .. ARGV[2], 'NX', 'PX', tonumber(ARGV[1])) then return 0 end
return f`,
);

/**
 * Compare-and-extend, while a mint is in flight: KEYS: lock. ARGV: the value this holder set, ttlMs.
 * Returns 1 while the lock is still this holder's, 0 once it expired or another took it.
 */
export const EXTEND_LOCK = new Script(
  'extend-lock',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2])) end
return 0`,
);

/** Compare-and-delete: KEYS: lock. ARGV: the value this holder set. */
export const UNLOCK = new Script(
  'unlock',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
);

/**
 * Stores a freshly minted token — only while this holder still owns the lock (fencing): a holder that
 * stalled past its lock's TTL cannot overwrite a newer token. Releases the lock.
 * KEYS: token, lock. ARGV: lockValue, fence, accessToken, expiresAt, obtainedAt, apiDomain, ttlMs.
 * Returns the generation written (= the fence), or 0 when fenced out.
 */
export const PUBLISH_TOKEN = new Script(
  'publish-token',
  `if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
local stored = tonumber(redis.call('HGET', KEYS[1], 'generation') or '0')
local fence = tonumber(ARGV[2])
redis.call('DEL', KEYS[2])
if stored >= fence then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'access_token', ARGV[3], 'expires_at', ARGV[4], 'obtained_at', ARGV[5], 'api_domain', ARGV[6], 'generation', fence)
redis.call('PEXPIRE', KEYS[1], math.max(1, tonumber(ARGV[7])))
return fence`,
);

/**
 * The stored token with its remaining life by the Redis clock, and any shared refusal.
 * KEYS: token, refusal. Returns {access_token, expires_at, obtained_at, api_domain, generation, pttl,
 * refusal code, refusal message, refusal pttl}.
 */
export const READ_TOKEN = new Script(
  'read-token',
  `local t = redis.call('HMGET', KEYS[1], 'access_token', 'expires_at', 'obtained_at', 'api_domain', 'generation')
local r = redis.call('HMGET', KEYS[2], 'code', 'message')
return {t[1] or '', t[2] or '', t[3] or '', t[4] or '', t[5] or '', redis.call('PTTL', KEYS[1]), r[1] or '', r[2] or '', redis.call('PTTL', KEYS[2])}`,
);
