// Test helpers: real servers, NumPy-made fixtures. See tests/helpers/README.md.
export { startRedis, findFreePort, type RedisOptions, type TestRedis } from "./redis";
export { track } from "./processes";
export { startApp, ROOT, type AppOptions, type TestApp } from "./app";
export { startStack, type Stack } from "./stack";
export { writeBurst, type BurstOptions } from "./burst";
export {
  openEventStream,
  followArrayKeys,
  readSse,
  arrayKeysInRedis,
  waitUntilFollowersMatch,
  type ArrayKeyFollower,
  type SseMessage,
  type SseStream,
} from "./sse";
export { npy, npyOfSize, runPython, makeCorpus, PYTHON, CORPUS_SCRIPT, type Corpus, type CorpusFile, type MalformedCorpusFile } from "./fixtures";
export { startDownload, type OverlappedDownload } from "./overlapped-download";
export { openStalledEventStream, type StalledEventStream, type StalledReading } from "./stalled-sse";
export { makeCertificates, type TestCertificates } from "./certificates";
export { CHROMIUM, CHROMIUM_ARGS, launchChromium } from "./chromium";
export { jsonBody, type ErrorBody } from "./json-body";
export { VersionedArray, downloadWhileRewriting, putThenGetOnSharedKeys, type RewriteRace } from "./versions";
