import fs from 'node:fs';
import zlib from 'node:zlib';

/** How much of a CSV file's (decompressed) start is looked at. */
const HEAD_BYTES = 64 * 1024;
/** A time of day followed by a UTC offset other than `Z`, e.g. `01:00:00+02:00`. */
const OFFSET_TIMESTAMP =
  /\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?[+-]\d{2}(?::?\d{2})?(?=["\s,]|$)/m;

/** Splits one CSV record (RFC 4180 quoting). */
export function parseCsvRecord(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
  }
  fields.push(field.replace(/\r$/, ''));
  return fields;
}

async function head(file: string): Promise<string> {
  const source = fs.createReadStream(file, { end: HEAD_BYTES * 4 });
  const stream = /\.gz$/i.test(file)
    ? source.pipe(zlib.createGunzip())
    : source;
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= HEAD_BYTES) {
        break;
      }
    }
  } catch (error) {
    // A cut-off gzip stream ends early; what arrived is enough unless nothing did.
    if (length === 0) {
      throw error;
    }
  } finally {
    source.destroy();
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

/**
 * The header of a CSV file (plain or gzip) and whether its first records write timestamps with
 * UTC offsets. Reading the header here lets DuckDB skip its type sniffing.
 */
export async function readCsvHead(file: string): Promise<{
  header: string[];
  headerLine: string;
  timestampsWithOffsets: boolean;
}> {
  const text = await head(file);
  const newline = text.indexOf('\n');
  const firstLine = newline === -1 ? text : text.slice(0, newline);
  if (firstLine.trim() === '') {
    throw new Error('the file is empty');
  }
  return {
    header: parseCsvRecord(firstLine),
    headerLine: firstLine.replace(/\r$/, ''),
    timestampsWithOffsets: OFFSET_TIMESTAMP.test(text.slice(newline + 1)),
  };
}
