// Login, sessions, Origin and the odd requests a server meets (issue 17), on a real
// app with DASHBOARD_TOKEN; the redirect cases also through Chromium, which is what
// turns "/\evil.example" into another site.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, npy, startApp, startStack, type Stack, jsonBody } from "../helpers";
import type { ArrayInfo } from "@/lib/api-types";

const TOKEN = "security-test-token-0123456789";
const bearer = { Authorization: `Bearer ${TOKEN}` };

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ app: { env: { DASHBOARD_TOKEN: TOKEN, MAX_UPLOAD_BYTES: String(1 << 20) } } });
});
afterAll(async () => {
  await stack?.stop();
});

async function login(next = "/"): Promise<Response> {
  return fetch(stack.url("/api/login"), { method: "POST", body: new URLSearchParams({ token: TOKEN, next }), redirect: "manual" });
}

const cookieOf = (response: Response) => response.headers.get("set-cookie")!.split(";")[0];

/** Sends raw bytes and returns what the server answered first (the status line and headers). */
function rawExchange(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(head));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString("latin1"));
    });
    socket.once("error", reject);
    socket.setTimeout(10_000, () => reject(new Error("no answer in 10 s")));
  });
}

describe("after login, only paths on this dashboard", () => {
  const offSite = [
    "//evil.example/",
    "/\\evil.example/phish",
    "/\t/evil.example",
    "/\\\\evil.example",
    "https://evil.example/",
    "/\r\nX: y",
    "javascript:alert(1)",
  ];

  it.each(offSite)("next=%j goes to /", async (next) => {
    const response = await login(next);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
  });

  it("keeps a path with its query", async () => {
    expect((await login("/arrays/sim%3Aa?cmap=magma")).headers.get("location")).toBe("/arrays/sim%3Aa?cmap=magma");
  });

  it("stays on the dashboard in Chromium, whatever next the login link carries", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      for (const next of ["/%5Cevil.example/phish", "/%09/evil.example", "//evil.example"]) {
        await page.context().clearCookies();
        await page.goto(stack.url(`/login?next=${encodeURIComponent(decodeURIComponent(next))}`));
        await page.getByLabel("Token").fill(TOKEN);
        await page.getByRole("button", { name: "Log in" }).click();
        await page.waitForURL((url) => !url.pathname.startsWith("/login") || url.host !== new URL(stack.app.url).host);
        expect(new URL(page.url()).host).toBe(new URL(stack.app.url).host);
      }
    } finally {
      await browser.close();
    }
  });
});

describe("sessions", () => {
  it("gives every login its own cookie, and logout ends it on the server", async () => {
    const [first, second] = [cookieOf(await login()), cookieOf(await login())];
    expect(first).not.toBe(second);
    for (const cookie of [first, second]) expect((await fetch(stack.url("/api/arrays"), { headers: { Cookie: cookie } })).status).toBe(200);

    const logout = await fetch(stack.url("/api/logout"), { method: "POST", headers: { Cookie: first }, redirect: "manual" });
    expect(logout.status).toBe(303);
    expect(logout.headers.get("set-cookie")).toContain("Max-Age=0");
    const replayed = await fetch(stack.url("/api/arrays"), { headers: { Cookie: first } });
    expect(replayed.status).toBe(401);
    expect((await fetch(stack.url("/"), { headers: { Cookie: first }, redirect: "manual" })).status).toBe(307);
    expect((await fetch(stack.url("/api/arrays"), { headers: { Cookie: second } })).status).toBe(200);
  });

  // The list prefetches the array route's shell for the router; the proxy guards that request too.
  it("sends a router prefetch of an array page without a session to the login page, with no page in the answer", async () => {
    const prefetches: Record<string, string>[] = [{ RSC: "1", "Next-Router-Prefetch": "1" }, { RSC: "1" }];
    for (const headers of prefetches) {
      const response = await fetch(stack.url("/arrays/secret%3Aarray"), { headers, redirect: "manual" });
      expect(response.status).toBe(307);
      expect(response.headers.get("location")).toBe("/login?next=%2Farrays%2Fsecret%253Aarray");
      expect(await response.text()).not.toContain("numpy-redis");
    }
  });

  it("tells the browser the session's lifetime and keeps the token out of the cookie", async () => {
    const setCookie = (await login()).headers.get("set-cookie")!;
    expect(setCookie).toMatch(/Max-Age=2592000/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).not.toContain(TOKEN);
  });
});

describe("wrong tokens", () => {
  it("are free five times from one address, then each further attempt waits, even with the right token", async () => {
    const app = await startApp({ redisUrl: stack.redis.url, env: { DASHBOARD_TOKEN: TOKEN } });
    try {
      const attempt = (token: string) =>
        fetch(`${app.url}/api/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token }) });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await attempt("wrong")).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
      const waiting = await attempt(TOKEN);
      expect(waiting.status).toBe(429);
      expect(Number(waiting.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await jsonBody(waiting)).error).toMatch(/try again in \d+ s/);

      await new Promise((r) => setTimeout(r, Number(waiting.headers.get("retry-after")) * 1000 + 100));
      expect((await attempt(TOKEN)).status).toBe(204);
      expect((await attempt("wrong")).status).toBe(401);
    } finally {
      await app.stop();
    }
  });

  it("a token shorter than 16 characters stops the app at start, saying why", async () => {
    await expect(startApp({ redisUrl: stack.redis.url, env: { DASHBOARD_TOKEN: "short" } })).rejects.toThrow(
      /DASHBOARD_TOKEN is 5 characters long; use at least 16/,
    );
  });
});

describe("Origin", () => {
  const put = (headers: Record<string, string>) =>
    fetch(stack.arrayUrl("origin:a"), { method: "PUT", body: npy("np.arange(3)") as Uint8Array<ArrayBuffer>, headers: { ...bearer, ...headers } });

  it("must match scheme, host and port exactly", async () => {
    const own = new URL(stack.app.url);
    expect((await put({ Origin: own.origin })).status).toBe(201);
    for (const origin of [`https://${own.host}`, `http://${own.hostname}:1`, "http://evil.example", "null"]) {
      const response = await put({ Origin: origin });
      expect(response.status, origin).toBe(403);
      expect((await jsonBody(response)).error).toContain("cross-origin PUT refused");
    }
  });

  it("ignores X-Forwarded-Host unless TRUST_PROXY=1 says a proxy sets it", async () => {
    const forged = { Origin: "http://evil.example", "X-Forwarded-Host": "evil.example" };
    expect((await fetch(stack.arrayUrl("origin:a"), { method: "DELETE", headers: { ...bearer, ...forged } })).status).toBe(403);

    const proxied = await startApp({ redisUrl: stack.redis.url, env: { DASHBOARD_TOKEN: TOKEN, TRUST_PROXY: "1" } });
    try {
      const behindProxy = { Origin: "https://arrays.example", "X-Forwarded-Host": "arrays.example", "X-Forwarded-Proto": "https" };
      const response = await fetch(`${proxied.url}/api/login`, {
        method: "POST",
        body: new URLSearchParams({ token: TOKEN, next: "/" }),
        headers: behindProxy,
        redirect: "manual",
      });
      expect(response.status).toBe(303);
      expect(response.headers.get("set-cookie")).toContain("Secure");
      expect((await fetch(`${proxied.url}/api/arrays/origin%3Aa`, { method: "DELETE", headers: { ...bearer, ...behindProxy } })).status).toBe(204);
    } finally {
      await proxied.stop();
    }
  });
});

describe("malformed requests get a JSON 4xx with a reason, and no stack trace in the log", () => {
  const badPaths = ["/api/arrays/%FF", "/api/arrays/%E0%A4%A", "/api/arrays/%ED%A0%80", "/api/arrays/%FF/info", "/arrays/%FF"];

  it.each(["GET", "PUT", "DELETE", "HEAD"])("%s of a key that is not UTF-8 is a 400", async (method) => {
    for (const path of badPaths) {
      const response = await fetch(stack.url(path), { method, headers: bearer, body: method === "PUT" ? "x" : undefined });
      expect(response.status, path).toBe(400);
      if (method !== "HEAD") expect((await jsonBody(response)).error).toContain("not valid percent-encoded UTF-8");
    }
  });

  it.each(["abc", "1.5", "-1"])("cursor=%s is a 400", async (cursor) => {
    const response = await fetch(stack.url(`/api/arrays?cursor=${cursor}`), { headers: bearer });
    expect(response.status).toBe(400);
    expect((await jsonBody(response)).error).toContain("start again with cursor=0");
  });

  it("TRACE is a 405 naming the methods served", async () => {
    const answer = await rawExchange(stack.app.port, "TRACE /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 405/);
    expect(answer).toMatch(/allow: GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS/i);
  });

  it("left no stack trace in the app's log", () => {
    expect(stack.app.output()).not.toMatch(/\n\s+at /);
  });
});

describe("keys that URLs normalise away", () => {
  it.each(["", ".", "..", "~", "~x"])("%j round-trips through PUT, GET, info and DELETE", async (key) => {
    const bytes = npy("np.arange(6, dtype='<i2').reshape(2, 3)");
    expect((await fetch(stack.arrayUrl(key), { method: "PUT", body: bytes as Uint8Array<ArrayBuffer>, headers: bearer })).status).toBe(201);
    expect(Buffer.from(await (await fetch(stack.arrayUrl(key), { headers: bearer })).arrayBuffer()).equals(bytes)).toBe(true);
    expect((await jsonBody<ArrayInfo>(await fetch(stack.arrayUrl(key, "/info"), { headers: bearer }))).shape).toEqual([2, 3]);
    expect((await stack.redis.client().call("NP.LEN", key)) as number).toBe(bytes.length);
    expect((await fetch(stack.arrayUrl(key), { method: "DELETE", headers: bearer })).status).toBe(204);
    expect(await stack.redis.client().exists(key)).toBe(0);
  });
});

describe("Expect: 100-continue", () => {
  const head = (length: number) =>
    `PUT /api/arrays/expect HTTP/1.1\r\nHost: 127.0.0.1:${stack.app.port}\r\nAuthorization: Bearer ${TOKEN}\r\n` +
    `Content-Length: ${length}\r\nExpect: 100-continue\r\n\r\n`;

  it("a body over the limit is refused with 413 before it is sent", async () => {
    expect(await rawExchange(stack.app.port, head(1 << 30))).toMatch(/^HTTP\/1\.1 413/);
  });

  it("a body within the limit is asked for with 100 Continue", async () => {
    expect(await rawExchange(stack.app.port, head(200))).toMatch(/^HTTP\/1\.1 100 Continue/);
  });
});
