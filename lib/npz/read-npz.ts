import { Inflate } from "fflate";

// The members of an .npz (a zip of .npy files, as np.savez and np.savez_compressed
// write it), read from a Blob without loading the archive: the central directory is
// read from the end, a stored member becomes a slice of the Blob (no copy), and a
// deflated one is inflated by fflate as it streams. Zip64 archives (past 4 GiB, or
// written to a pipe) are read too. fflate's own unzip needs the whole archive in
// memory, so only its inflater is used here.

export interface NpzMember {
  /** The array's name in the archive: the member's name without ".npy", as np.load gives it. */
  name: string;
  /** The member's .npy bytes. */
  file: File;
}

export interface NpzSkipped {
  /** The member's name as the archive has it. */
  member: string;
  reason: string;
}

export interface NpzContents {
  members: NpzMember[];
  skipped: NpzSkipped[];
}

/** The archive cannot be read at all (not a zip, or cut short). */
export class NpzError extends Error {}

interface DirectoryEntry {
  member: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const END_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_END_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
const LIMIT_32 = 0xffffffff;
// The end record (22 bytes) is followed by a comment of at most 65535 bytes.
const END_SEARCH_BYTES = 22 + 0xffff;

async function bytesAt(blob: Blob, start: number, end: number): Promise<DataView> {
  if (start < 0 || end > blob.size) throw new NpzError(`the archive is cut short: it is ${blob.size} bytes, and its directory points to byte ${end}`);
  return new DataView(await blob.slice(start, end).arrayBuffer());
}

const u64 = (view: DataView, at: number) => Number(view.getBigUint64(at, true));

/** Where the central directory is and how many entries it has, from the end records. */
async function findDirectory(blob: Blob): Promise<{ offset: number; size: number; count: number }> {
  const tailStart = Math.max(0, blob.size - END_SEARCH_BYTES);
  const tail = await bytesAt(blob, tailStart, blob.size);
  let at = tail.byteLength - 22;
  while (at >= 0 && tail.getUint32(at, true) !== END_SIGNATURE) at--;
  if (at < 0) throw new NpzError("not a complete zip archive: no end-of-directory record (the file may be cut short)");
  const end = { count: tail.getUint16(at + 10, true), size: tail.getUint32(at + 12, true), offset: tail.getUint32(at + 16, true) };
  const locatorAt = tailStart + at - 20;
  const locator = locatorAt >= 0 ? await bytesAt(blob, locatorAt, locatorAt + 20) : null;
  if (!locator || locator.getUint32(0, true) !== ZIP64_LOCATOR_SIGNATURE) return end;
  const recordAt = u64(locator, 8);
  const record = await bytesAt(blob, recordAt, recordAt + 56);
  if (record.getUint32(0, true) !== ZIP64_END_SIGNATURE) throw new NpzError("the Zip64 locator points to no Zip64 end record");
  return { count: u64(record, 32), size: u64(record, 40), offset: u64(record, 48) };
}

/** The sizes and offset a Zip64 extra field holds for the 32-bit fields that overflowed. */
function widenFromExtra(entry: DirectoryEntry, view: DataView, start: number, end: number): void {
  for (let at = start; at + 4 <= end;) {
    const id = view.getUint16(at, true);
    const length = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      let field = at + 4;
      const next = () => {
        const value = u64(view, field);
        field += 8;
        return value;
      };
      if (entry.size === LIMIT_32) entry.size = next();
      if (entry.compressedSize === LIMIT_32) entry.compressedSize = next();
      if (entry.localOffset === LIMIT_32) entry.localOffset = next();
      return;
    }
    at += 4 + length;
  }
}

function readDirectory(view: DataView, count: number): DirectoryEntry[] {
  const names = new TextDecoder("utf-8");
  const entries: DirectoryEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== CENTRAL_SIGNATURE)
      throw new NpzError(`the zip directory is damaged at entry ${i + 1} of ${count}`);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const entry: DirectoryEntry = {
      member: names.decode(new Uint8Array(view.buffer, view.byteOffset + at + 46, nameLength)),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    };
    widenFromExtra(entry, view, at + 46 + nameLength, at + 46 + nameLength + extraLength);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where a member's bytes start: after its local header, whose name and extra field may differ from the directory's. */
async function dataStart(blob: Blob, entry: DirectoryEntry): Promise<number> {
  const header = await bytesAt(blob, entry.localOffset, entry.localOffset + 30);
  if (header.getUint32(0, true) !== LOCAL_SIGNATURE) throw new NpzError(`member ${entry.member}: no local header where the directory says`);
  return entry.localOffset + 30 + header.getUint16(26, true) + header.getUint16(28, true);
}

async function inflated(compressed: Blob, entry: DirectoryEntry): Promise<File> {
  const chunks: Uint8Array[] = [];
  const inflater = new Inflate((chunk) => chunks.push(chunk));
  const reader = compressed.stream().getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    inflater.push(value);
  }
  inflater.push(new Uint8Array(0), true);
  const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  if (size !== entry.size) throw new Error(`inflates to ${size} bytes where the archive says ${entry.size}`);
  return new File(chunks as BlobPart[], entry.member);
}

/** Why a member is not read as an array, or null when it is. */
function skipReason(entry: DirectoryEntry): string | null {
  if (!entry.member.endsWith(".npy")) return "not a .npy member";
  if (entry.flags & 0x1) return "encrypted";
  if (entry.method !== STORED && entry.method !== DEFLATED) return `compressed with method ${entry.method}; only stored and deflated members are read`;
  return null;
}

async function memberFile(blob: Blob, entry: DirectoryEntry): Promise<File> {
  const start = await dataStart(blob, entry);
  if (start + entry.compressedSize > blob.size) throw new Error("the archive ends inside this member");
  const bytes = blob.slice(start, start + entry.compressedSize);
  if (entry.method === DEFLATED) return inflated(bytes, entry);
  if (entry.compressedSize !== entry.size) throw new Error(`stored, yet ${entry.compressedSize} bytes in the archive for ${entry.size}`);
  return new File([bytes], entry.member);
}

/** Every .npy member of an .npz archive; members that cannot be read are listed with the reason. */
export async function readNpz(archive: Blob): Promise<NpzContents> {
  const magic = new Uint8Array(await archive.slice(0, 4).arrayBuffer());
  if (magic[0] !== 0x50 || magic[1] !== 0x4b) {
    throw new NpzError(`not a zip archive: it starts with ${Array.from(magic, (b) => `0x${b.toString(16).padStart(2, "0")}`).join(" ")}, not "PK"`);
  }
  const directory = await findDirectory(archive);
  const entries = readDirectory(await bytesAt(archive, directory.offset, directory.offset + directory.size), directory.count);
  const contents: NpzContents = { members: [], skipped: [] };
  for (const entry of entries) {
    if (entry.member.endsWith("/")) continue;
    const reason = skipReason(entry);
    if (reason) {
      contents.skipped.push({ member: entry.member, reason });
      continue;
    }
    try {
      contents.members.push({ name: entry.member.slice(0, -".npy".length), file: await memberFile(archive, entry) });
    } catch (error) {
      contents.skipped.push({ member: entry.member, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return contents;
}
