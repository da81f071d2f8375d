import { Redis, type RedisOptions } from 'ioredis';
import { GlossaError } from '@glossa/core';

/**
 * Where Redis is: a `redis://host:port[/db]` URL, or ioredis options
 * (`{ host, port, password, tls... }`). Every machine of a deployment must
 * point at the same Redis.
 */
export type RedisConnection = string | RedisOptions;

/**
 * A client that waits out a Redis restart instead of failing: commands queue
 * while it reconnects (BullMQ's workers require this setting).
 * @internal
 */
export function openRedis(connection: RedisConnection): Redis {
  const patient = { maxRetriesPerRequest: null } as const;
  return quiet(typeof connection === 'string' ? new Redis(connection, patient) : new Redis({ ...connection, ...patient }));
}

/**
 * Keeps connection errors (Redis restarting, a network blip) from being
 * printed as unhandled: the client reconnects by itself, and a command that
 * fails for good rejects its own promise.
 * @internal
 */
export function quiet(redis: Redis): Redis {
  redis.on('error', () => undefined);
  return redis;
}

/** The default queue name. @internal */
export const DEFAULT_QUEUE_NAME = 'glossa';

/** BullMQ's key prefix for Glossa's queues. @internal */
export const KEY_PREFIX = 'glossa';

/**
 * Waits until the client is connected, at most `timeoutMs`: a wrong address or
 * a Redis that is down fails a call with a message instead of hanging it
 * (once connected, a client waits out restarts).
 * @internal
 */
export async function whenConnected(redis: Redis, where: RedisConnection, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  let lastError: Error | undefined;
  const remember = (error: Error) => (lastError = error);
  redis.on('error', remember);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        redis.off('ready', ready);
        reject(
          new GlossaError('TIMEOUT', `Redis at ${describe(where)} did not answer within ${timeoutMs} ms${lastError ? ` (${lastError.message})` : ''}: check the address and that Redis runs`, {
            cause: lastError,
            details: { field: 'connection' },
          }),
        );
      }, timeoutMs);
      const ready = () => {
        clearTimeout(timer);
        resolve();
      };
      redis.once('ready', ready);
    });
  } finally {
    redis.off('error', remember);
  }
}

/** The address for messages, without a password. */
function describe(where: RedisConnection): string {
  if (typeof where === 'string') return where.replace(/\/\/[^@/]*@/, '//');
  return `${where.host ?? 'localhost'}:${where.port ?? 6379}`;
}
