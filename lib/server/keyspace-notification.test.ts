import { describe, expect, it } from "vitest";
import { KeyspaceInterpreter } from "./keyspace-notification";

describe("TTL notifications", () => {
  it("make pages read an array's row again (EXPIRE, PERSIST), after checking the key is an array", () => {
    const interpreter = new KeyspaceInterpreter();
    for (const event of ["expire", "persist"]) {
      expect(interpreter.interpret("k", event)).toEqual({ kind: "ifArray", key: "k", ifArray: { type: "set", key: "k" }, otherwise: null });
    }
  });
});
