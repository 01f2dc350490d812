// A zip archive read without trusting it: the central directory and each local header are checked
// against the file's real length, and entries are inflated with the output counted by zlib itself
// (maxOutputLength), so an entry that claims 7 KB but unpacks to 1 GB stops at the limit, not after.
import { inflateRawSync } from "node:zlib";
import { UploadRejectedError } from "./read-errors.ts";

export const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export interface ZipLimits {
  /** Entries in the central directory. */
  entries: number;
  /** Real unpacked bytes of one entry. */
  entryBytes: number;
  /** Real unpacked bytes of all entries read, together. */
  unpackedBytes: number;
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  /** What the directory says the entry unpacks to: a claim, used only to refuse early, never trusted. */
  claimedSize: number;
  localHeaderOffset: number;
}

const MB = 1024 * 1024;

export function notXlsx(why: string, whyZh: string): UploadRejectedError {
  return new UploadRejectedError(
    "not-xlsx",
    `文件不是可读取的 .xlsx 工作簿(${whyZh}) / the file is not a readable .xlsx workbook (${why})`,
  );
}

/** The archive's directory: name → entry. Nothing is inflated here. */
export function zipEntries(data: Buffer, limits: ZipLimits): Map<string, ZipEntry> {
  if (data.length < 22 || !data.subarray(0, 4).equals(ZIP_MAGIC))
    throw notXlsx("not a zip archive", "不是 zip 压缩包");
  // End of central directory: 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notXlsx("damaged zip: no central directory", "压缩包已损坏:没有中央目录");
  const count = data.readUInt16LE(eocd + 10);
  const directorySize = data.readUInt32LE(eocd + 12);
  const directoryOffset = data.readUInt32LE(eocd + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff)
    throw new UploadRejectedError(
      "too-large",
      "不接受 zip64 压缩包(工作簿过大) / zip64 archives are not accepted (the workbook is too large)",
    );
  if (count > limits.entries)
    throw new UploadRejectedError(
      "too-large",
      `压缩包条目数 ${count} 超过上限 ${limits.entries} / the archive has ${count} entries, over the limit of ${limits.entries}`,
    );
  if (directoryOffset + directorySize > eocd)
    throw notXlsx("damaged zip: bad central directory", "压缩包已损坏:中央目录有误");

  const entries = new Map<string, ZipEntry>();
  let p = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || data.readUInt32LE(p) !== 0x02014b50)
      throw notXlsx("damaged zip: bad directory entry", "压缩包已损坏:目录条目有误");
    const flags = data.readUInt16LE(p + 8);
    const method = data.readUInt16LE(p + 10);
    const compressedSize = data.readUInt32LE(p + 20);
    const claimedSize = data.readUInt32LE(p + 24);
    const nameLength = data.readUInt16LE(p + 28);
    const extraLength = data.readUInt16LE(p + 30);
    const commentLength = data.readUInt16LE(p + 32);
    const localHeaderOffset = data.readUInt32LE(p + 42);
    if (p + 46 + nameLength > eocd)
      throw notXlsx("damaged zip: bad directory entry", "压缩包已损坏:目录条目有误");
    const name = data.toString("utf8", p + 46, p + 46 + nameLength);
    if (entries.has(name)) throw notXlsx(`the entry ${name} appears twice`, `压缩包中条目 ${name} 重复出现`);
    entries.set(name, { name, method, flags, compressedSize, claimedSize, localHeaderOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** A budget of real unpacked bytes shared by the entries read from one archive. */
export interface UnpackBudget {
  remaining: number;
}

/** One entry's bytes, inflated with the real output bounded by the per-entry and the total limit. */
export function readEntry(data: Buffer, entry: ZipEntry, limits: ZipLimits, budget: UnpackBudget): Buffer {
  const damaged = () =>
    notXlsx(`damaged zip: entry ${entry.name} cannot be read`, `压缩包已损坏:无法读取条目 ${entry.name}`);
  if (entry.flags & 0x1)
    throw notXlsx(`the entry ${entry.name} is encrypted`, `条目 ${entry.name} 已加密(请取消文件密码)`);
  const p = entry.localHeaderOffset;
  if (p + 30 > data.length || data.readUInt32LE(p) !== 0x04034b50) throw damaged();
  const start = p + 30 + data.readUInt16LE(p + 26) + data.readUInt16LE(p + 28);
  const end = start + entry.compressedSize;
  if (end > data.length) throw damaged();
  const packed = data.subarray(start, end);
  const bound = Math.min(limits.entryBytes, budget.remaining);
  const overLimit = () => {
    const perEntry = bound === limits.entryBytes;
    const limit = perEntry ? limits.entryBytes : limits.unpackedBytes;
    return new UploadRejectedError(
      "too-large",
      perEntry
        ? `工作簿中的 ${entry.name} 解压后超过上限 ${Math.round(limit / MB)} MB / ${entry.name} unpacks to more than the limit of ${Math.round(limit / MB)} MB`
        : `工作簿解压后超过上限 ${Math.round(limit / MB)} MB / the workbook unpacks to more than the limit of ${Math.round(limit / MB)} MB`,
    );
  };
  let out: Buffer;
  if (entry.method === 0) {
    if (packed.length > bound) throw overLimit();
    out = packed;
  } else if (entry.method === 8) {
    try {
      // zlib stops as soon as its real output passes maxOutputLength, whatever the directory claims.
      out = inflateRawSync(packed, { maxOutputLength: Math.max(1, bound) });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError)
        throw overLimit();
      throw damaged();
    }
    if (out.length > bound) throw overLimit();
  } else {
    throw notXlsx(
      `the entry ${entry.name} uses an unknown compression (${entry.method})`,
      `条目 ${entry.name} 的压缩方式未知(${entry.method})`,
    );
  }
  budget.remaining -= out.length;
  return out;
}
