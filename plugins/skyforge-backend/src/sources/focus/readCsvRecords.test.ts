import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { readCsvRecords } from './readCsvRecords';

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

async function readAll(text: string, chunkSize: number): Promise<string[][]> {
  const records: string[][] = [];
  for await (const batch of readCsvRecords(chunks(text, chunkSize))) {
    records.push(...batch);
  }
  return records;
}

describe('readCsvRecords', () => {
  it('reads the FOCUS sample exactly as csv-parse does', async () => {
    const text = fs.readFileSync(SAMPLE, 'utf8');
    const expected = parse(text, { relax_column_count: true });
    const records = await readAll(text, 65536);
    expect(records).toHaveLength(1001);
    expect(records).toEqual(expected);
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
