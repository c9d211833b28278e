import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { CsvColumns, readCsvColumns } from './readCsvColumns';

const SAMPLE = path.resolve(
  __dirname,
  '../../../../../examples/cost/focus-1.0_sample_1000.csv',
);

async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) {
    yield bytes.subarray(i, i + size);
  }
}

const everyColumn = (header: string[]) => header.map((_, i) => i);

/** Reads every record, header first, as arrays of all columns (the header's count). */
async function readAll(
  text: string,
  chunkSize: number,
  select: (header: string[]) => number[] = everyColumn,
): Promise<CsvColumns[]> {
  const records: CsvColumns[] = [];
  for await (const batch of readCsvColumns(chunks(text, chunkSize), header => {
    records.push(header);
    return select(header);
  })) {
    records.push(...batch);
  }
  return records;
}

describe('readCsvColumns', () => {
  it('reads the FOCUS sample exactly as csv-parse does', async () => {
    const text = fs.readFileSync(SAMPLE, 'utf8');
    const expected = parse(text, { relax_column_count: true });
    const records = await readAll(text, 65536);
    expect(records).toHaveLength(1001);
    expect(records).toEqual(expected);
  });

  it('reads a large chunk in pieces, with multi-byte characters across piece boundaries', async () => {
    // 3-byte and 4-byte characters make piece boundaries fall inside characters.
    const lines = Array.from(
      { length: 20_000 },
      (_, i) => `${i},"€${'😀'.repeat(i % 5)}, ""q""",x${i}\n`,
    );
    const text = `id,name,tail\n${lines.join('')}`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(4 * 64 * 1024);
    const expected = parse(text, { relax_column_count: true });
    expect(await readAll(text, Buffer.byteLength(text))).toEqual(expected);
  });

  it('projects the chosen columns in the chosen order, undefined for absent ones', async () => {
    const text = fs.readFileSync(SAMPLE, 'utf8');
    const expected: string[][] = parse(text, { relax_column_count: true });
    const header = expected[0];
    const wanted = [
      'Tags',
      'EffectiveCost',
      'NoSuchColumn',
      'ChargePeriodStart',
    ];
    const records = await readAll(text, 4096, names =>
      wanted.map(name => names.indexOf(name)),
    );
    expect(records.slice(1)).toEqual(
      expected
        .slice(1)
        .map(record =>
          wanted.map(name =>
            header.includes(name) ? record[header.indexOf(name)] : undefined,
          ),
        ),
    );
  });

  it('projects records with fewer or more fields than the header', async () => {
    const text = 'a,b,c\n1,"2",3\n4,5\n6,7,8,9\n"x""y",,z\n';
    expect(await readAll(text, 5, () => [2, 0])).toEqual([
      ['a', 'b', 'c'],
      ['3', '1'],
      [undefined, '4'],
      ['8', '6'],
      ['z', 'x"y'],
    ]);
  });

  const tricky = [
    'a,b,c\n',
    '1,"two, with comma","three ""quoted"""\n',
    '"multi\nline\r\nvalue",,""\n',
    '\n',
    'ü€😀,"😀",x\n',
    '"{""key"": ""va,l""}",NULL,last',
  ].join('');

  it.each([1, 2, 3, 5, 7, 64])(
    'matches csv-parse on quotes, embedded line breaks and multi-byte text in %i-byte chunks',
    async chunkSize => {
      const expected = parse(tricky, {
        relax_column_count: true,
        skip_empty_lines: true,
      });
      expect(await readAll(tricky, chunkSize)).toEqual(expected);
    },
  );

  it.each([1, 4, 64])(
    'reads CRLF line endings in %i-byte chunks',
    async chunkSize => {
      const text = 'a,"b\r\nc",d\r\n1,2,"3"\r\n';
      const expected = parse(text, { relax_column_count: true });
      expect(expected).toEqual([
        ['a', 'b\r\nc', 'd'],
        ['1', '2', '3'],
      ]);
      expect(await readAll(text, chunkSize)).toEqual(expected);
    },
  );

  it('strips a byte-order mark', async () => {
    expect(await readAll('\uFEFFEffectiveCost,x\n1,2\n', 3)).toEqual([
      ['EffectiveCost', 'x'],
      ['1', '2'],
    ]);
  });

  it('fails on an unterminated quoted field', async () => {
    await expect(readAll('a,"b\n', 2)).rejects.toThrow(
      /Unterminated quoted field/,
    );
  });
});
