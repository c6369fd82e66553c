/**
 * Reading a flow file (or a pipeline description, a scenario, run events)
 * from disk, as every command does: only regular files
 * (a FIFO would block, /dev/zero never ends), never past a size limit, and
 * bytes that are not UTF-8 are located rather than silently replaced.
 */
import { promises as fs, type Stats } from 'node:fs';

/** A flow file larger than this is not read at all (8 times the size past which the schema pass is skipped). */
export const MAX_FLOW_FILE_BYTES = 64 * 1024 * 1024;

export class FlowFileError extends Error {
  constructor(
    readonly code: 'not-found' | 'not-regular' | 'too-large' | 'unreadable',
    message: string,
  ) {
    super(message);
  }
}

export interface FlowFileText {
  text: string;
  /** Offset in `text` of the first byte sequence that is not UTF-8 (decoded as U+FFFD), when there is one. */
  invalidUtf8At?: number;
  /** The byte found there, for messages. */
  invalidByte?: number;
}

/** What a non-regular file is, in words. */
function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

/** The file's text; a FlowFileError (with a message fit for `cannot read 'x': <message>.`) otherwise. */
export async function readFlowFile(file: string, options: { maxBytes?: number } = {}): Promise<FlowFileText> {
  const maxBytes = options.maxBytes ?? MAX_FLOW_FILE_BYTES;
  let stat: Stats;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FlowFileError(code === 'ENOENT' ? 'not-found' : 'unreadable', code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message));
  }
  if (!stat.isFile()) throw new FlowFileError('not-regular', `not a regular file (${kindOf(stat)})`);
  const tooLarge = (size: string): FlowFileError => new FlowFileError('too-large', `it is ${size}, past the limit of ${maxBytes} bytes`);
  if (stat.size > maxBytes) throw tooLarge(`${stat.size} bytes`);
  let handle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    throw new FlowFileError('unreadable', (error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }
  try {
    // Read up to one byte past the limit: a file that grew since stat() is still cut off.
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stat.size + 1, 1)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) throw tooLarge(`over ${maxBytes} bytes`);
        break;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw tooLarge(`over ${maxBytes} bytes`);
    return decodeUtf8(buffer.subarray(0, length));
  } catch (error) {
    if (error instanceof FlowFileError) throw error;
    throw new FlowFileError('unreadable', (error as NodeJS.ErrnoException).code ?? (error as Error).message);
  } finally {
    await handle.close();
  }
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** UTF-8 bytes as text, a BOM kept (validation names it); the place of the first invalid sequence when there is one. */
export function decodeUtf8(bytes: Uint8Array): FlowFileText {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    const text = lenient.decode(bytes);
    // Find the first invalid byte: the longest prefix that decodes strictly.
    let low = 0;
    let high = bytes.length;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (decodesStrictly(bytes.subarray(0, middle))) low = middle;
      else high = middle - 1;
    }
    // `low` bytes decode; a prefix ending inside a valid sequence does not, so step back to a sequence start.
    const at = lenient.decode(bytes.subarray(0, low)).replace(/\uFFFD$/, '').length;
    return { text, invalidUtf8At: at, invalidByte: bytes[sequenceStart(bytes, low)] ?? 0 };
  }
}

/**
 * Where the sequence that cannot be decoded starts, given the longest prefix
 * that decodes as a stream: that prefix may end with the lead byte of a
 * sequence cut short (Latin-1's é, 0xE9, reads as the start of three bytes),
 * and that lead byte is the one to name, not the byte after it.
 */
function sequenceStart(bytes: Uint8Array, decodable: number): number {
  if (decodesStrictly(bytes.subarray(0, decodable), false)) return decodable;
  for (let i = decodable - 1; i >= Math.max(0, decodable - 3); i--) {
    const byte = bytes[i] as number;
    if (byte >= 0xc0) return i;
    if (byte < 0x80) break;
  }
  return decodable;
}

function decodesStrictly(bytes: Uint8Array, stream = true): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}
