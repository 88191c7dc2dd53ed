/** The one metric the bot and the runners share: counted by RedisWatch (src/queue/redis-watch.ts). */
import { Counter, type Registry } from 'prom-client';

export function redisReconnects(registry: Registry): Counter {
  return new Counter({
    name: 'gradebot_redis_reconnects_total',
    help: 'Redis connections of this process that came back after failing.',
    registers: [registry],
  });
}
