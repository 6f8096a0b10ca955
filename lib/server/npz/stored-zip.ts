import { crc32 } from "node:zlib";

// A zip archive written as a stream, members stored as they are (an .npz of the exact
// .npy bytes): the first byte goes out at once and memory stays flat, whatever the size.
// fflate (used to read archives in the browser) writes no Zip64, which archives past
// 4 GiB need; so the writer is our own, after the PKWARE APPNOTE.
//
// Each member's CRC is known only after its bytes went out, so every member carries a
// data descriptor after its bytes (flag bit 3) and the central directory has it all.

export interface ZipMember {
  /** The member's name in the archive, UTF-8. */
  name: string;
  /** The number of bytes `chunks` yields; a different count fails the archive. */
  size: number;
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

export interface ZipOptions {
  /** Zip64 records for every member and the end, even when nothing needs them (tests; readers that insist). */
  forceZip64?: boolean;
  /** Modification time written for every member. */
  modified?: Date;
}

const LIMIT_32 = 0xffffffff;
const LIMIT_16 = 0xffff;
// Bit 3: sizes and CRC in a data descriptor after the bytes. Bit 11: names are UTF-8.
const FLAGS = 0x0808;
const STORED = 0;
const VERSION_ZIP64 = 45;
const VERSION_PLAIN = 20;

interface WrittenMember {
  name: Buffer;
  size: number;
  crc: number;
  offset: number;
  zip64: boolean;
}

/** Date and time in MS-DOS form, as zip headers keep them (2-second steps, local time). */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

function localHeader(name: Buffer, zip64: boolean, when: { time: number; date: number }): Buffer {
  // A Zip64 member's local header carries 0xFFFFFFFF sizes and a Zip64 field (sizes follow in the descriptor).
  const extra = zip64 ? Buffer.alloc(20) : Buffer.alloc(0);
  if (zip64) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(16, 2);
  }
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_PLAIN, 4);
  header.writeUInt16LE(FLAGS, 6);
  header.writeUInt16LE(STORED, 8);
  header.writeUInt16LE(when.time, 10);
  header.writeUInt16LE(when.date, 12);
  header.writeUInt32LE(zip64 ? LIMIT_32 : 0, 18);
  header.writeUInt32LE(zip64 ? LIMIT_32 : 0, 22);
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(extra.length, 28);
  return Buffer.concat([header, name, extra]);
}

function dataDescriptor(member: WrittenMember): Buffer {
  const descriptor = Buffer.alloc(member.zip64 ? 24 : 16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(member.crc, 4);
  if (member.zip64) {
    descriptor.writeBigUInt64LE(BigInt(member.size), 8);
    descriptor.writeBigUInt64LE(BigInt(member.size), 16);
  } else {
    descriptor.writeUInt32LE(member.size, 8);
    descriptor.writeUInt32LE(member.size, 12);
  }
  return descriptor;
}

function centralHeader(member: WrittenMember, when: { time: number; date: number }, forceZip64: boolean): Buffer {
  const bigSize = forceZip64 || member.size >= LIMIT_32;
  const bigOffset = forceZip64 || member.offset >= LIMIT_32;
  // The Zip64 field holds, in this order, only the values their 32-bit slots could not.
  const wide = [...(bigSize ? [member.size, member.size] : []), ...(bigOffset ? [member.offset] : [])];
  const extra = Buffer.alloc(wide.length ? 4 + 8 * wide.length : 0);
  if (wide.length) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(8 * wide.length, 2);
    wide.forEach((value, i) => extra.writeBigUInt64LE(BigInt(value), 4 + 8 * i));
  }
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(VERSION_ZIP64, 4);
  header.writeUInt16LE(member.zip64 || wide.length ? VERSION_ZIP64 : VERSION_PLAIN, 6);
  header.writeUInt16LE(FLAGS, 8);
  header.writeUInt16LE(STORED, 10);
  header.writeUInt16LE(when.time, 12);
  header.writeUInt16LE(when.date, 14);
  header.writeUInt32LE(member.crc, 16);
  header.writeUInt32LE(bigSize ? LIMIT_32 : member.size, 20);
  header.writeUInt32LE(bigSize ? LIMIT_32 : member.size, 24);
  header.writeUInt16LE(member.name.length, 28);
  header.writeUInt16LE(extra.length, 30);
  header.writeUInt32LE(bigOffset ? LIMIT_32 : member.offset, 42);
  return Buffer.concat([header, member.name, extra]);
}

function endRecords(count: number, directoryOffset: number, directorySize: number, forceZip64: boolean): Buffer {
  const zip64 = forceZip64 || count >= LIMIT_16 || directoryOffset >= LIMIT_32 || directorySize >= LIMIT_32;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? LIMIT_16 : count, 8);
  end.writeUInt16LE(zip64 ? LIMIT_16 : count, 10);
  end.writeUInt32LE(zip64 ? LIMIT_32 : directorySize, 12);
  end.writeUInt32LE(zip64 ? LIMIT_32 : directoryOffset, 16);
  if (!zip64) return end;
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(VERSION_ZIP64, 12);
  record.writeUInt16LE(VERSION_ZIP64, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(directorySize), 40);
  record.writeBigUInt64LE(BigInt(directoryOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([record, locator, end]);
}

/** The archive's bytes, member after member as `members` yields them, then the central directory. */
export async function* storedZip(members: AsyncIterable<ZipMember> | Iterable<ZipMember>, options: ZipOptions = {}): AsyncGenerator<Uint8Array, void> {
  const when = dosDateTime(options.modified ?? new Date());
  const forceZip64 = options.forceZip64 ?? false;
  const written: WrittenMember[] = [];
  let offset = 0;
  for await (const { name, size, chunks } of members) {
    const member: WrittenMember = { name: Buffer.from(name, "utf8"), size, crc: 0, offset, zip64: forceZip64 || size >= LIMIT_32 || offset >= LIMIT_32 };
    if (member.name.length > LIMIT_16) throw new Error(`a member name of ${member.name.length} bytes is longer than zip allows (65535)`);
    const header = localHeader(member.name, member.zip64, when);
    yield header;
    let sent = 0;
    for await (const chunk of chunks) {
      member.crc = crc32(chunk, member.crc);
      sent += chunk.length;
      yield chunk;
    }
    if (sent !== size) throw new Error(`member ${name} gave ${sent} bytes where ${size} were announced`);
    const descriptor = dataDescriptor(member);
    yield descriptor;
    offset += header.length + size + descriptor.length;
    written.push(member);
  }
  const directory = Buffer.concat(written.map((member) => centralHeader(member, when, forceZip64)));
  yield directory;
  yield endRecords(written.length, offset, directory.length, forceZip64);
}
