// readNpz against archives written by numpy and Python's zipfile: every member's bytes
// must be exactly what zipfile reads, whatever way the archive was written.
import { describe, expect, it } from "vitest";
import { runPython } from "../../tests/helpers/fixtures";
import { storedZip } from "../server/npz/stored-zip";
import { NpzError, readNpz } from "./read-npz";

// Writes the archive named by argv[1] to stdout.
const WRITE = `import io, sys, zipfile, numpy as np
arrays = {"image": np.arange(48, dtype="<u2").reshape(4, 4, 3), "when": np.array(["2024-01-01"], dtype="M8[D]"), "big_endian": np.linspace(0, 1, 1000).astype(">f8")}
def npy(a):
    b = io.BytesIO(); np.save(b, a); return b.getvalue()
class Pipe(io.RawIOBase):
    # A write-only, unseekable stream: zipfile then writes data descriptors.
    def __init__(self): self.parts = []
    def writable(self): return True
    def write(self, b): self.parts.append(bytes(b)); return len(b)
kind, out = sys.argv[1], io.BytesIO()
if kind == "savez": np.savez(out, **arrays)
elif kind == "savez_compressed": np.savez_compressed(out, **arrays)
elif kind == "zip64":
    with zipfile.ZipFile(out, "w") as z:
        for name, a in arrays.items():
            with z.open(name + ".npy", "w", force_zip64=True) as m: m.write(npy(a))
elif kind == "piped":
    pipe = Pipe()
    with zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED) as z:
        for name, a in arrays.items(): z.writestr(name + ".npy", npy(a))
    out.write(b"".join(pipe.parts))
elif kind == "mixed":
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("image.npy", npy(arrays["image"]))
        z.writestr("README.txt", "not an array")
        z.writestr("dir/", "")
        z.writestr("packed.npy", npy(arrays["when"]), compress_type=zipfile.ZIP_BZIP2)
sys.stdout.buffer.write(out.getvalue())
`;

// Prints {member: hex of its bytes} as zipfile reads them.
const MEMBERS = `import io, json, sys, zipfile
with zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read())) as z:
    print(json.dumps({n: z.read(n).hex() for n in z.namelist() if n.endswith(".npy")}))
`;

function archive(kind: string): Buffer {
  return runPython(WRITE, [kind]);
}

async function hexOf(file: File): Promise<string> {
  return Buffer.from(await file.arrayBuffer()).toString("hex");
}

describe.each(["savez", "savez_compressed", "zip64", "piped"])("an archive written by %s", (kind) => {
  it("gives every member with exactly the bytes zipfile reads, named as np.load names them", async () => {
    const bytes = archive(kind);
    const expected = JSON.parse(runPython(MEMBERS, [], bytes).toString()) as Record<string, string>;
    const { members, skipped } = await readNpz(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    expect(skipped).toEqual([]);
    expect(members.map((m) => m.name)).toEqual(["image", "when", "big_endian"]);
    for (const member of members) expect(await hexOf(member.file)).toBe(expected[`${member.name}.npy`]);
  });
});

it("reads the arrays it can and says why it skips the others", async () => {
  const { members, skipped } = await readNpz(new Blob([archive("mixed") as Uint8Array<ArrayBuffer>]));
  expect(members.map((m) => m.name)).toEqual(["image"]);
  expect(skipped).toEqual([
    { member: "README.txt", reason: "not a .npy member" },
    { member: "packed.npy", reason: "compressed with method 12; only stored and deflated members are read" },
  ]);
});

it("refuses a file that is not a zip, naming its first bytes", async () => {
  const npy = runPython("import io, sys, numpy as np\nb = io.BytesIO(); np.save(b, np.arange(3)); sys.stdout.buffer.write(b.getvalue())");
  await expect(readNpz(new Blob([npy as Uint8Array<ArrayBuffer>]))).rejects.toThrow(
    new NpzError('not a zip archive: it starts with 0x93 0x4e 0x55 0x4d, not "PK"'),
  );
});

it("refuses an archive cut short", async () => {
  const bytes = archive("savez");
  await expect(readNpz(new Blob([bytes.subarray(0, bytes.length - 100) as Uint8Array<ArrayBuffer>]))).rejects.toThrow(NpzError);
});

describe.each([false, true])("what the app's .npz download writes (Zip64 forced: %s)", (forceZip64) => {
  it("reads back member for member, byte for byte", async () => {
    const files = [Buffer.from("\x93NUMPY first"), Buffer.alloc(70_000, 7)];
    function* members() {
      for (const [i, bytes] of files.entries()) yield { name: `k:${i}.npy`, size: bytes.length, chunks: [bytes] };
    }
    const parts: Uint8Array[] = [];
    for await (const part of storedZip(members(), { forceZip64 })) parts.push(part);
    const { members: read, skipped } = await readNpz(new Blob(parts as BlobPart[]));
    expect(skipped).toEqual([]);
    expect(read.map((m) => m.name)).toEqual(["k:0", "k:1"]);
    for (const [i, member] of read.entries()) expect(Buffer.from(await member.file.arrayBuffer()).equals(files[i])).toBe(true);
  });
});
