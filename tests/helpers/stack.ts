// Redis (with the module) plus the Next app pointed at it: what most test files need.
import { startApp, type AppOptions, type TestApp } from "./app";
import { startRedis, type RedisOptions, type TestRedis } from "./redis";
import { encodeKeySegment } from "../../lib/key-segment";

export interface Stack {
  redis: TestRedis;
  app: TestApp;
  /** app.url + path */
  url(path: string): string;
  /** The API address of one array: /api/arrays/<encodeKeySegment(key)> */
  arrayUrl(key: string, suffix?: string): string;
  stop(): Promise<void>;
}

export async function startStack(options: { redis?: RedisOptions; app?: Omit<AppOptions, "redisUrl"> } = {}): Promise<Stack> {
  const redis = await startRedis(options.redis);
  let app: TestApp;
  try {
    app = await startApp({ ...options.app, redisUrl: redis.url });
  } catch (error) {
    await redis.stop();
    throw error;
  }
  return {
    redis,
    app,
    url: (path) => app.url + path,
    arrayUrl: (key, suffix = "") => `${app.url}/api/arrays/${encodeKeySegment(key)}${suffix}`,
    async stop() {
      await app.stop();
      await redis.stop();
    },
  };
}
