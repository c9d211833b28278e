import { attr, comment } from '../../hcl/hcl';
import { environmentRoot, moduleCall } from './environmentRoot';
import { variableRef, type RootVariable } from './rootVariable';
import { writeHcl } from '../../hcl/hcl';

const variables: RootVariable[] = [
  {
    name: 'region',
    type: 'string',
    description: 'Region.',
    value: 'r1',
    section: 'placement',
  },
  {
    name: 'admins',
    type: 'list(string)',
    description: 'Admins.',
    default: [],
    note: 'admins = ["alice"]',
    section: 'profile',
  },
  {
    name: 'ha',
    type: 'bool',
    description: 'HA.',
    value: true,
    section: 'profile',
  },
  {
    name: 'extra',
    type: 'string',
    description: 'Left to its default.',
    default: 'x',
    section: 'services',
  },
];

function render(
  sections = [
    { id: 'placement', heading: 'Placement' },
    { id: 'profile' },
    { id: 'services', heading: 'Services' },
  ],
) {
  return environmentRoot({
    cloud: 'aws',
    environment: 'dev',
    versions: [],
    backend: [],
    main: [
      moduleCall({
        cloud: 'aws',
        capability: 'network',
        arguments: [attr('region', variableRef(variables[0]))],
      }),
    ],
    variables,
    outputs: [],
    tfvars: { header: [comment('dev on AWS.')], sections },
  });
}

describe('environmentRoot', () => {
  it('writes the six files of infra/envs/<environment>/<cloud>', () => {
    expect(Object.keys(render())).toEqual(
      [
        'versions.tf',
        'backend.tf',
        'main.tf',
        'variables.tf',
        'outputs.tf',
        'terraform.tfvars',
      ].map(file => `infra/envs/dev/aws/${file}`),
    );
  });

  it('declares every variable once, in declaration order, and calls modules through var references', () => {
    const files = render();
    expect(
      files['infra/envs/dev/aws/variables.tf'].match(/^variable "(\w+)"/gm),
    ).toEqual([
      'variable "region"',
      'variable "admins"',
      'variable "ha"',
      'variable "extra"',
    ]);
    expect(files['infra/envs/dev/aws/main.tf']).toBe(
      writeHcl([
        moduleCall({
          cloud: 'aws',
          capability: 'network',
          arguments: [attr('region', variableRef({ name: 'region' }))],
        }),
      ]),
    );
    expect(files['infra/envs/dev/aws/main.tf']).toContain(
      'source = "../../../modules/network/aws"',
    );
    expect(files['infra/envs/dev/aws/main.tf']).toContain(
      'region = var.region',
    );
  });

  it('writes terraform.tfvars by section: headings, notes in place of values, nothing for defaults', () => {
    expect(render()['infra/envs/dev/aws/terraform.tfvars']).toBe(
      [
        '# dev on AWS.',
        '# Placement',
        'region = "r1"',
        '',
        '# admins = ["alice"]',
        'ha = true',
        '',
      ].join('\n'),
    );
  });

  it('refuses a variable in a section the root does not have', () => {
    expect(() => render([{ id: 'placement' }])).toThrow(
      'Root variable admins names the unknown tfvars section "profile"',
    );
  });
});
