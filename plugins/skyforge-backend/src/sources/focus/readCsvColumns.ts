import { StringDecoder } from 'node:string_decoder';
import { detachString } from '../../util/detachString';

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/** One projected record: the selected columns' values, undefined where the record lacks one. */
export type CsvColumns = Array<string | undefined>;

/** Under V8's large-object threshold (128 KiB) even with a partial record prepended. */
const TEXT_PIECE_BYTES = 64 * 1024;

/**
 * Decodes a chunk in pieces of at most {@link TEXT_PIECE_BYTES}. Reading large chunks keeps the
 * disk busy; decoding them in small pieces keeps each piece's text in V8's young generation,
 * where it is collected almost for free, instead of the large-object space, where texts pile up
 * until a full collection.
 */
function* textPieces(
  chunk: Buffer | string,
  decoder: StringDecoder,
): Generator<string> {
  if (typeof chunk === 'string') {
    yield chunk;
    return;
  }
  for (let offset = 0; offset < chunk.length; offset += TEXT_PIECE_BYTES) {
    yield decoder.write(chunk.subarray(offset, offset + TEXT_PIECE_BYTES));
  }
}

function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const UNESCAPED_CACHE_SIZE = 10_000;
const QUOTED = '"([^"]*(?:""[^"]*)*)"';
const PLAIN = '([^,"\\r\\n]*)';
const SKIPPED = '(?:"[^"]*(?:""[^"]*)*"|[^,"\\r\\n]*)';

/** Parses records after the header into projections; keeps the record count for errors. */
class ProjectingParser {
  #columns?: number[];
  /** Per selected value, the index of its quoted-value group in a match (plain is next). */
  #groups: number[] = [];
  #pattern?: RegExp;
  #record = 0;
  readonly #unescaped = new Map<string, string>();

  constructor(private readonly select: (header: string[]) => number[]) {}

  parse(
    text: string,
    final: boolean,
  ): { records: CsvColumns[]; consumed: number } {
    const records: CsvColumns[] = [];
    let pos = 0;
    while (pos < text.length) {
      const pattern = this.#pattern;
      if (pattern) {
        pattern.lastIndex = pos;
        const match = pattern.exec(text);
        if (match) {
          records.push(this.#fromMatch(match));
          this.#record++;
          pos = pattern.lastIndex;
          continue;
        }
      }
      const parsed = parseRecord(text, pos, final, this.#record + 1);
      if (!parsed) {
        break;
      }
      pos = parsed.next;
      if (parsed.fields.length === 1 && parsed.fields[0] === '') {
        continue; // a blank line carries no record
      }
      this.#record++;
      if (this.#columns) {
        records.push(this.#columns.map(column => parsed.fields[column]));
      } else {
        this.#useHeader(parsed.fields);
      }
    }
    return { records, consumed: Math.min(pos, text.length) };
  }

  #useHeader(header: string[]): void {
    const columns = this.select(header);
    this.#columns = columns;
    if (header.length < 2) {
      return; // a one-column pattern would also match blank lines
    }
    const groupOf = new Map<number, number>();
    const parts = header.map((_, position) => {
      if (!columns.includes(position)) {
        return SKIPPED;
      }
      groupOf.set(position, 1 + 2 * groupOf.size);
      return `(?:${QUOTED}|${PLAIN})`;
    });
    this.#groups = columns.map(column => groupOf.get(column) ?? -1);
    this.#pattern = new RegExp(`${parts.join(',')}\\r?\\n`, 'y');
  }

  #fromMatch(match: RegExpExecArray): CsvColumns {
    const groups = this.#groups;
    const values: CsvColumns = new Array(groups.length);
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i];
      if (group === -1) {
        continue;
      }
      const quoted = match[group];
      if (quoted === undefined) {
        values[i] = match[group + 1];
      } else {
        values[i] = quoted.includes('""') ? this.#unescape(quoted) : quoted;
      }
    }
    return values;
  }

  /**
   * Undoes doubled quotes. Values holding them are mostly JSON (FOCUS `Tags`) repeated on every
   * row of a resource, so each distinct value is unescaped once and then shared: consumers that
   * key caches by the value then hash one string instead of a fresh copy per row.
   */
  #unescape(quoted: string): string {
    let value = this.#unescaped.get(quoted);
    if (value === undefined) {
      value = quoted.replaceAll('""', '"');
      if (this.#unescaped.size >= UNESCAPED_CACHE_SIZE) {
        this.#unescaped.clear();
      }
      this.#unescaped.set(detachString(quoted), value);
    }
    return value;
  }
}

/**
 * Parses one record starting at `start`, field by field; undefined when it may continue beyond
 * the end of `text` (only when not `final`).
 */
function parseRecord(
  text: string,
  start: number,
  final: boolean,
  record: number,
): { fields: string[]; next: number } | undefined {
  const length = text.length;
  const fields: string[] = [];
  let pos = start;
  let lineEnd = text.indexOf('\n', pos);
  for (;;) {
    if (lineEnd === -1) {
      if (!final) {
        return undefined;
      }
      lineEnd = length;
    }
    if (text.charCodeAt(pos) !== QUOTE) {
      const comma = text.indexOf(',', pos);
      if (comma !== -1 && comma < lineEnd) {
        fields.push(text.slice(pos, comma));
        pos = comma + 1;
        continue;
      }
      let end = lineEnd;
      if (end > pos && text.charCodeAt(end - 1) === CR) {
        end--;
      }
      fields.push(text.slice(pos, end));
      return { fields, next: lineEnd + 1 };
    }

    let value = '';
    let cursor = pos + 1;
    for (;;) {
      const quote = text.indexOf('"', cursor);
      if (quote === -1) {
        if (!final) {
          return undefined;
        }
        throw new Error(`Unterminated quoted field in CSV record ${record}`);
      }
      if (quote + 1 >= length && !final) {
        // The next chunk may start with a second quote (an escaped quote).
        return undefined;
      }
      value += text.slice(cursor, quote);
      if (text.charCodeAt(quote + 1) === QUOTE) {
        value += '"';
        cursor = quote + 2;
        continue;
      }
      pos = quote + 1;
      break;
    }
    fields.push(value);
    if (pos > lineEnd) {
      // The quoted field spanned line breaks; find the end of the line it ended on.
      lineEnd = text.indexOf('\n', pos);
      if (lineEnd === -1) {
        if (!final) {
          return undefined;
        }
        lineEnd = length;
      }
    }
    const next = pos < length ? text.charCodeAt(pos) : -1;
    if (next === COMMA) {
      pos++;
      continue;
    }
    if (
      next === -1 ||
      next === LF ||
      (next === CR && (pos + 1 === lineEnd || pos + 1 >= length))
    ) {
      return { fields, next: lineEnd + 1 };
    }
    throw new Error(
      `Unexpected character after a closing quote in CSV record ${record}`,
    );
  }
}

/**
 * Streams the chosen columns of RFC 4180 CSV records (quoted fields, doubled quotes, line breaks
 * inside quotes, CRLF or LF) from a byte or text stream, in batches, holding at most one partial
 * record in memory.
 *
 * `select` receives the header record and returns, for each wanted value, its column position
 * (-1 for a column the file lacks); each yielded record holds those values in that order. It may
 * throw to reject the file.
 *
 * @remarks
 *
 * Cost exports are wide (FOCUS has 40 to 60 columns) and only about a dozen matter, so records
 * are matched by one sticky regular expression built from the header: it skips unwanted fields
 * inside the regular-expression engine and captures only the wanted ones, several times faster
 * than splitting every field in JavaScript. Whatever it does not match (a record with another
 * number of fields, a stray quote, a chunk boundary, a blank line) goes through the field-by-field
 * parser, which is the reference; tests hold the output identical to csv-parse's.
 */
export async function* readCsvColumns(
  input: AsyncIterable<Buffer | string>,
  select: (header: string[]) => number[],
): AsyncGenerator<CsvColumns[]> {
  const parser = new ProjectingParser(select);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let first = true;
  for await (const chunk of input) {
    for (const piece of textPieces(chunk, decoder)) {
      let text = pending + piece;
      if (first && text.length > 0) {
        text = stripByteOrderMark(text);
        first = false;
      }
      const { records, consumed } = parser.parse(text, false);
      pending = text.slice(consumed);
      if (records.length > 0) {
        yield records;
      }
    }
  }
  const rest = pending + decoder.end();
  const { records } = parser.parse(
    first ? stripByteOrderMark(rest) : rest,
    true,
  );
  if (records.length > 0) {
    yield records;
  }
}
