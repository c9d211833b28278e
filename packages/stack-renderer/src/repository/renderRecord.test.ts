import { renderStack } from '../renderStack';
import { exampleSpecs } from '../testing/exampleSpecs';
import { gitBlobSha } from './gitBlobSha';
import {
  readRenderRecord,
  RENDER_RECORD_PATH,
  renderRenderRecord,
} from './renderRecord';

describe('render record', () => {
  it('records the Git blob id of every rendered file but skyforge.yaml and itself', () => {
    const { files } = renderStack(exampleSpecs['aws-small']);
    const record = readRenderRecord(files[RENDER_RECORD_PATH]);
    const expected = Object.keys(files)
      .filter(path => path !== RENDER_RECORD_PATH && path !== 'skyforge.yaml')
      .sort();
    expect(Object.keys(record.files)).toEqual(expected);
    for (const path of expected) {
      expect(record.files[path]).toBe(gitBlobSha(files[path]));
    }
    expect(renderRenderRecord(files)).toBe(files[RENDER_RECORD_PATH]);
  });

  it('refuses a record it cannot trust, naming what is wrong', () => {
    expect(() => readRenderRecord('{')).toThrow(
      '.skyforge/render-record.json is not valid JSON',
    );
    expect(() => readRenderRecord('{"files": {}}')).toThrow(
      '"hash" must be "git-blob-sha1"',
    );
    expect(() =>
      readRenderRecord('{"hash": "git-blob-sha1", "files": []}'),
    ).toThrow('"files" must map each path to its Git blob id');
    expect(() =>
      readRenderRecord(
        '{"hash": "git-blob-sha1", "files": {"Makefile": "abc"}}',
      ),
    ).toThrow('"files.Makefile" must be a 40-character Git blob id');
  });
});
