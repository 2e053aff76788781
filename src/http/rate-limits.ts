import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LimiterOptions {
  /** Name of the counter set, part of its Redis keys. */
  name: string;
  /** Requests allowed per window. */
  points: number;
  /** Window length in seconds. */
  duration: number;
}

/** Creates the rate limiters of one runtime and closes what they hold. */
export interface RateLimits {
  limiter(options: LimiterOptions): RateLimiterAbstract;
  close(): Promise<void>;
}

/**
 * Rate limiters shared by every API process through Redis when `redisUrl` is set, under `prefix`, so that
 * a client cannot multiply its allowance by reaching several processes. Without Redis the counters live in
 * this process's memory. While Redis is unreachable each limiter counts in memory (its insurance limiter)
 * instead of failing the request.
 */
export function createRateLimits(options: { redisUrl?: string | undefined; prefix: string }): RateLimits {
  let client: Redis | null = null;
  const redis = () => {
    if (!client) {
      // Commands wait for the connection, and each is retried once after a reconnect before the limiter falls back.
      client = new Redis(options.redisUrl!, { maxRetriesPerRequest: 1 });
      // Errors reach the limiters' calls, which fall back to memory, and the client reconnects by itself.
      client.on('error', () => {});
    }
    return client;
  };
  return {
    limiter({ name, points, duration }) {
      const memory = new RateLimiterMemory({ points, duration });
      if (!options.redisUrl) return memory;
      return new RateLimiterRedis({
        storeClient: redis(), keyPrefix: `${options.prefix}:rl:${name}`, points, duration, insuranceLimiter: memory,
      });
    },
    async close() {
      if (client) await client.quit().catch(() => client?.disconnect());
    },
  };
}
