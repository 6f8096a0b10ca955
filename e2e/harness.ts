// The e2e `test`: baseURL from the global setup, and a check after every test
// that the page threw nothing and logged no error (unless the test expected it).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test as base, type Page } from "@playwright/test";
import { encodeKeySegment } from "../lib/key-segment";

export interface Expected {
  shape: string;
  descr: string;
  min?: number;
  max?: number;
  mean?: number;
  std?: number;
  values?: string[];
  fields?: Record<string, string[]>;
  /** complex only: the largest imaginary part. */
  imagMax?: number;
}

export const fixturesDir = () => process.env.E2E_FIXTURES!;
export const fixturePath = (name: string) => join(fixturesDir(), `${name}.npy`);
export const fixtureBytes = (name: string) => readFileSync(fixturePath(name));
export const expected = () => JSON.parse(readFileSync(join(fixturesDir(), "expected.json"), "utf8")) as Record<string, Expected>;
export const redisPort = () => Number(process.env.E2E_REDIS_PORT);

const PYTHON = process.env.NUMPY_REDIS_PYTHON || "/usr/bin/python3";
const pythonArgs = (script: string, args: string[]) => ["-c", `import sys, redis\nr = redis.Redis(port=${redisPort()})\n${script}`, ...args];

/** Runs a redis-py script (with `r` connected to the test Redis) as another client would, and waits for it; returns what it printed. */
export function redisPy(script: string, ...args: string[]): string {
  return execFileSync(PYTHON, pythonArgs(script, args), { encoding: "utf8" });
}

/** Starts a redis-py script that runs until the test kills it. */
export function spawnRedisPy(script: string, ...args: string[]): ChildProcess {
  return spawn(PYTHON, pythonArgs(script, args), { stdio: ["ignore", "ignore", "inherit"] });
}

export const test = base.extend<{ allowedConsoleErrors: RegExp[]; pageErrors: void }>({
  baseURL: async ({}, use) => use(process.env.E2E_BASE_URL),
  allowedConsoleErrors: async ({}, use) => use([]),
  pageErrors: [
    async ({ page, allowedConsoleErrors }, use) => {
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
      page.on("console", (m) => {
        // Where it came from: for "Failed to load resource" the location is the resource itself.
        if (m.type() === "error" && !allowedConsoleErrors.some((re) => re.test(m.text()))) problems.push(`console error: ${m.text()} (${m.location().url})`);
      });
      await use();
      expect(problems, "the page threw or logged errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Stores an array through the API, as another client would. */
export async function putArray(baseURL: string, key: string, bytes: Buffer): Promise<void> {
  const response = await fetch(`${baseURL}/api/arrays/${encodeKeySegment(key)}`, { method: "PUT", body: new Uint8Array(bytes) });
  if (!response.ok) throw new Error(`PUT ${key}: ${response.status} ${await response.text()}`);
}

export async function arrayExists(baseURL: string, key: string): Promise<boolean> {
  const response = await fetch(`${baseURL}/api/arrays/${encodeKeySegment(key)}/info`);
  return response.status === 200;
}

export async function openArray(page: Page, key: string, query = ""): Promise<void> {
  await page.goto(`/arrays/${encodeKeySegment(key)}${query}`);
  await expect(page.getByTestId("meta-shape")).toBeVisible();
}

export interface PixelSummary {
  /** Distinct colours in the element's screenshot. */
  colours: number;
  /** Pixels that differ from the most common colour (the background). */
  inked: number;
}

/** Screenshots an element and counts its colours in the page (PNG decoded by the browser). */
export async function pixelSummary(page: Page, testId: string): Promise<PixelSummary> {
  const png = await page.getByTestId(testId).screenshot();
  return page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("2d")!;
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const counts = new Map<number, number>();
    for (let i = 0; i < data.length; i += 4) {
      const colour = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(colour, (counts.get(colour) ?? 0) + 1);
    }
    const background = Math.max(...counts.values());
    return { colours: counts.size, inked: data.length / 4 - background };
  }, png.toString("base64"));
}
