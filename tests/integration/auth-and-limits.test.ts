// DASHBOARD_TOKEN (bearer and login cookie) and MAX_UPLOAD_BYTES (413) on one app.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npy, npyOfSize, startStack, type Stack, jsonBody } from "../helpers";

const TOKEN = "s3cret-token-for-tests";
const LIMIT = 64 * 1024;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ app: { env: { DASHBOARD_TOKEN: TOKEN, MAX_UPLOAD_BYTES: String(LIMIT) } } });
});
afterAll(async () => {
  await stack?.stop();
});

const bearer = { Authorization: `Bearer ${TOKEN}` };

describe("token", () => {
  it("answers 401 JSON to API requests without it, or with a wrong one", async () => {
    const attempts: Record<string, string>[] = [{}, { Authorization: "Bearer wrong" }, { Cookie: "numpy_redis_session=forged" }];
    for (const headers of attempts) {
      const res = await fetch(stack.url("/api/arrays"), { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect((await jsonBody(res)).error).toContain("authentication required");
    }
    expect((await fetch(stack.arrayUrl("x"), { method: "PUT", body: "x" })).status).toBe(401);
    expect((await fetch(stack.url("/api/events"))).status).toBe(401);
  });

  it("accepts the bearer token", async () => {
    const res = await fetch(stack.arrayUrl("auth:a"), { method: "PUT", body: npy("np.arange(3)") as Uint8Array<ArrayBuffer>, headers: bearer });
    expect(res.status).toBe(201);
    expect((await fetch(stack.url("/api/arrays"), { headers: bearer })).status).toBe(200);
  });

  it("redirects pages to /login, and the login form sets a cookie that works", async () => {
    const page = await fetch(stack.url("/?x=1"), { redirect: "manual" });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toMatch(/^(http:\/\/127\.0\.0\.1:\d+)?\/login\?next=%2F%3Fx%3D1$/);
    expect((await fetch(stack.url("/login"))).status).toBe(200);

    const wrong = await fetch(stack.url("/api/login"), {
      method: "POST",
      body: new URLSearchParams({ token: "nope", next: "/" }),
      redirect: "manual",
    });
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get("location")).toContain("/login?error=wrong");
    expect(wrong.headers.get("set-cookie")).toBeNull();

    const login = await fetch(stack.url("/api/login"), {
      method: "POST",
      body: new URLSearchParams({ token: TOKEN, next: "/?x=1" }),
      redirect: "manual",
    });
    expect(login.status).toBe(303);
    expect(login.headers.get("location")).toBe("/?x=1");
    const setCookie = login.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(";")[0];
    expect((await fetch(stack.url("/"), { headers: { Cookie: cookie }, redirect: "manual" })).status).toBe(200);
    expect((await fetch(stack.url("/api/arrays"), { headers: { Cookie: cookie } })).status).toBe(200);
  });

  it("serves the icon at /favicon.ico, before any login, so a browser asking for it logs no 404", async () => {
    const icon = await fetch(stack.url("/favicon.ico"), { redirect: "manual" });
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
    expect(await icon.text()).toContain("<svg");
  });

  it("never redirects a login to another site", async () => {
    const login = await fetch(stack.url("/api/login"), {
      method: "POST",
      body: new URLSearchParams({ token: TOKEN, next: "//evil.example/" }),
      redirect: "manual",
    });
    expect(login.headers.get("location")).toBe("/");
  });
});

describe("upload limit", () => {
  it("answers 413 naming the limit and the setting, from Content-Length, and stores nothing", async () => {
    const res = await fetch(stack.arrayUrl("big"), { method: "PUT", body: npyOfSize(LIMIT + 1) as Uint8Array<ArrayBuffer>, headers: bearer });
    expect(res.status).toBe(413);
    const { error } = await jsonBody(res);
    expect(error).toContain(`${LIMIT} bytes`);
    expect(error).toContain("MAX_UPLOAD_BYTES");
    expect((await fetch(stack.arrayUrl("big"), { headers: bearer })).status).toBe(404);
  });

  it("answers 413 for a chunked body that grows past the limit", async () => {
    const chunk = new Uint8Array(16 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > LIMIT * 4) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(stack.arrayUrl("chunked"), { method: "PUT", body, headers: bearer, duplex: "half" } as RequestInit);
    expect(res.status).toBe(413);
    expect((await jsonBody(res)).error).toContain("MAX_UPLOAD_BYTES");
  });

  it("accepts an upload at the limit", async () => {
    const bytes = npy(`np.zeros(${LIMIT - 128}, dtype=np.uint8)`);
    expect(bytes.length).toBe(LIMIT);
    expect((await fetch(stack.arrayUrl("at-limit"), { method: "PUT", body: bytes as Uint8Array<ArrayBuffer>, headers: bearer })).status).toBe(201);
  });
});
