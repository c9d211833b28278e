import { writeHcl } from '../../hcl/hcl';
import { terraformVariable } from './terraformVariable';

describe('terraformVariable', () => {
  it('writes description, type, default, nullable and validation rules in order', () => {
    expect(
      writeHcl([
        terraformVariable({
          name: 'node_count',
          type: 'number',
          description: 'Nodes of the pool.',
          default: 3,
          nullable: false,
          validations: [
            {
              condition: 'var.node_count >= 1',
              message: 'node_count must be at least 1.',
            },
          ],
        }),
      ]),
    ).toBe(
      [
        'variable "node_count" {',
        '  description = "Nodes of the pool."',
        '  type        = number',
        '  default     = 3',
        '  nullable    = false',
        '  validation {',
        '    condition     = var.node_count >= 1',
        '    error_message = "node_count must be at least 1."',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('leaves out the optional attributes when they are not given', () => {
    expect(
      writeHcl([
        terraformVariable({
          name: 'tags',
          type: 'map(string)',
          description: 'Tags.',
        }),
      ]),
    ).toBe(
      [
        'variable "tags" {',
        '  description = "Tags."',
        '  type        = map(string)',
        '}',
        '',
      ].join('\n'),
    );
  });
});
