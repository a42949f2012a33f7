/** Lines of a file on disk, for reports that must say how much of it a problem covers. */
import * as fs from 'node:fs';

/**
 * Physical lines of a UTF-8 (or ASCII-compatible) file: line breaks plus a last line without one.
 * With '\n' and '\r\n' files the LF bytes are counted (a lone LF ends a line in a CRLF file, as in
 * the reader); with '\r' files the CR bytes. Streams: never the whole file in memory.
 */
export async function countLines(filePath: string, newline: '\n' | '\r\n' | '\r'): Promise<number> {
  const target = newline === '\r' ? 0x0d : 0x0a;
  let breaks = 0, last = -1;
  for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    for (let at = bytes.indexOf(target); at >= 0; at = bytes.indexOf(target, at + 1)) { breaks++; }
    if (bytes.length > 0) { last = bytes[bytes.length - 1]!; }
  }
  return breaks + (last >= 0 && last !== target ? 1 : 0);
}
