import { describe, expect, it } from "vitest";
import { treeRows } from "./key-tree";

describe("tree by colon", () => {
  const keys = ["a:x:1", "a:x:2", "a:y", "b"];
  it("shows closed folders with counts, then leaves", () => {
    const rows = treeRows(keys, (k) => k, new Set());
    expect(rows.map((r) => (r.kind === "folder" ? `${r.path} (${r.count})` : r.item))).toEqual(["a: (3)", "b"]);
  });
  it("lists an open folder's children below it", () => {
    const rows = treeRows(keys, (k) => k, new Set(["a:", "a:x:"]));
    expect(rows.map((r) => (r.kind === "folder" ? r.path : r.item))).toEqual(["a:", "a:x:", "a:x:1", "a:x:2", "a:y", "b"]);
  });
});
