import { execFileSync } from 'node:child_process';
import {
  attr,
  blank,
  block,
  comment,
  expr,
  resource,
  templateKey,
  writeHcl,
} from './hcl';

function terraformFmt(text: string): string {
  return execFileSync('terraform', ['fmt', '-'], {
    input: text,
    stdio: ['pipe', 'pipe', 'ignore'],
  }).toString();
}

describe('writeHcl', () => {
  const sample = writeHcl([
    comment('Network for the payments stack.'),
    resource('aws_vpc', 'this', [
      attr('cidr_block', expr('var.cidr')),
      attr('enable_dns_hostnames', true),
      attr('instance_tenancy', undefined),
      attr('tags', {
        Name: 'payments',
        'skyforge-component': expr('var.name'),
      }),
      attr('count', 3),
      blank(),
      comment('Why this matters.'),
      attr('list', ['a', 'b']),
      attr('objects', [{ a: 1, bb: 2 }]),
      attr('empty', {}),
      block('lifecycle', [], [attr('prevent_destroy', false)]),
      block('filter', [], []),
      attr('template', 'literal ${not} %{interpolated}'),
    ]),
    block('locals', [], [attr('a', 1), attr('bbbb', expr('"${var.x}-y"'))]),
  ]);

  it('produces terraform fmt canonical output', () => {
    expect(terraformFmt(sample)).toBe(sample);
  });

  it('aligns runs of single-line attributes and escapes template sequences', () => {
    expect(sample).toContain('  cidr_block           = var.cidr\n');
    expect(sample).toContain('"literal $${not} %%{interpolated}"');
    expect(sample).not.toContain('instance_tenancy');
    expect(sample).toContain('  filter {}\n');
    expect(
      sample.startsWith(
        '# Network for the payments stack.\nresource "aws_vpc" "this" {',
      ),
    ).toBe(true);
    expect(sample.endsWith('}\n')).toBe(true);
  });

  it('separates top-level blocks by exactly one blank line', () => {
    expect(sample).toContain('}\n\nlocals {');
    expect(sample).not.toContain('\n\n\n');
  });

  it('writes template keys as quoted templates, aligned with literal keys', () => {
    const text = writeHcl([
      attr('tags', {
        'k8s.io/cluster-autoscaler/enabled': 'true',
        [templateKey('k8s.io/cluster-autoscaler/${var.name}')]: 'owned',
      }),
    ]);
    expect(text).toBe(
      [
        'tags = {',
        '  "k8s.io/cluster-autoscaler/enabled"     = "true"',
        '  "k8s.io/cluster-autoscaler/${var.name}" = "owned"',
        '}',
        '',
      ].join('\n'),
    );
    expect(terraformFmt(text)).toBe(text);
  });
});
