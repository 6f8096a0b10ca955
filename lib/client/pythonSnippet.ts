// The Python a user pastes to get an array out of Redis with numpy.
function pythonString(s: string): string {
  return JSON.stringify(s);
}

export function loadSnippet(key: string, redisPort = 6390): string {
  return [
    "import numpy_redis, redis",
    `r = redis.Redis(port=${redisPort})`,
    `a = numpy_redis.load(r, ${pythonString(key)})`,
  ].join("\n");
}

export const SAVE_SNIPPET = [
  "import numpy as np, redis, numpy_redis",
  "r = redis.Redis(port=6390)",
  'numpy_redis.save(r, "frame:1", np.random.rand(256, 256))',
].join("\n");
