import { Redis, type RedisOptions } from 'ioredis';

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
