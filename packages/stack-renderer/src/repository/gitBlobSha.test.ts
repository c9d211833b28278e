import { execFileSync } from 'node:child_process';
import { gitBlobSha } from './gitBlobSha';

/** What `git hash-object --stdin` prints for these bytes. */
function gitHashObject(content: string | Buffer): string {
  return execFileSync('git', ['hash-object', '--stdin'], { input: content })
    .toString('utf8')
    .trim();
}

describe('gitBlobSha', () => {
  it.each([
    ['an empty file', ''],
    ['a line of text', 'hello\n'],
    ['multi-byte UTF-8', 'Kosten: 12 € – ☁️ eu-central-1\n'],
    ['a file without a final newline', 'terraform {}'],
  ])('equals git hash-object for %s', (_name, content) => {
    expect(gitBlobSha(content)).toBe(gitHashObject(content));
  });

  it('hashes bytes as they are', () => {
    const bytes = Buffer.from([0xff, 0x00, 0xfe, 0x0a]);
    expect(gitBlobSha(bytes)).toBe(gitHashObject(bytes));
  });
});
