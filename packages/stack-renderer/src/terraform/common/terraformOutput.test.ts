import { writeHcl } from '../../hcl/hcl';
import { terraformOutput } from './terraformOutput';

describe('terraformOutput', () => {
  it('writes the value as an expression', () => {
    expect(
      writeHcl([
        terraformOutput({
          name: 'vpc_id',
          description: 'The VPC.',
          value: 'aws_vpc.this.id',
        }),
      ]),
    ).toBe(
      [
        'output "vpc_id" {',
        '  description = "The VPC."',
        '  value       = aws_vpc.this.id',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('writes sensitive and depends_on when given', () => {
    const text = writeHcl([
      terraformOutput({
        name: 'endpoint',
        description: 'The endpoint.',
        value: 'azurerm_redis_cache.this.hostname',
        sensitive: true,
        dependsOn: ['azurerm_private_endpoint.cache'],
      }),
    ]);
    expect(text).toContain('  sensitive   = true\n');
    expect(text).toContain('depends_on  = [azurerm_private_endpoint.cache]');
  });
});
