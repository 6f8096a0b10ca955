// Deleting by pattern one round at a time (DELETE /api/arrays?match=…&cursor=…):
// each round is one bounded SCAN step, the rounds add up to every matching array,
// and other types stay.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npy, startStack, type Stack, jsonBody } from "../helpers";
import type { ArraysDeleted } from "@/lib/api-types";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const redis = () => stack.redis.client();
const deleteRound = (match: string, cursor: string) => fetch(stack.url(`/api/arrays?${new URLSearchParams({ match, cursor })}`), { method: "DELETE" });

describe("DELETE /api/arrays?match=…&cursor=…", () => {
  it("deletes in rounds of at most a SCAN step each, adding up to every matching array", async () => {
    const bytes = npy("np.arange(3, dtype='<i2')");
    const pipeline = redis().pipeline();
    for (let i = 0; i < 3000; i++) pipeline.call("NP.SET", `rounds:${i}`, bytes);
    for (let i = 0; i < 200; i++) pipeline.set(`rounds:str:${i}`, "x");
    await pipeline.exec();
    let cursor = "0";
    let total = 0;
    const perRound: number[] = [];
    do {
      const res = await deleteRound("rounds:*", cursor);
      const body = await jsonBody<ArraysDeleted>(res);
      expect(res.status, JSON.stringify(body)).toBe(200);
      perRound.push(body.deleted);
      total += body.deleted;
      cursor = body.cursor!;
    } while (cursor !== "0");
    expect(total).toBe(3000);
    expect(perRound.length, `rounds: ${perRound.join(", ")}`).toBeGreaterThan(3);
    // SCAN's COUNT is a hint: a round may see a few keys more than the 500 asked for, never thousands.
    expect(Math.max(...perRound)).toBeLessThan(1000);
    expect(await redis().exists("rounds:7")).toBe(0);
    expect(await redis().dbsize()).toBeGreaterThanOrEqual(200);
    expect(await redis().get("rounds:str:7")).toBe("x");
  });

  it("refuses a cursor it did not issue, and a cursor with named keys", async () => {
    const bad = await deleteRound("rounds:*", " nope");
    expect(bad.status).toBe(400);
    expect((await jsonBody(bad)).error).toMatch(/cursor must be/);
    const mixed = await fetch(stack.url("/api/arrays?key=a&cursor=0"), { method: "DELETE" });
    expect(mixed.status).toBe(400);
    expect((await jsonBody(mixed)).error).toMatch(/cursor= goes with match=/);
  });
});
