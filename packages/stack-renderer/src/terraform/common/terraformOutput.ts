import { attr, block, expr, type HclBlock } from '../../hcl/hcl';

/** An `output` block whose value is an HCL expression; `dependsOn` lists HCL references. */
export function terraformOutput(options: {
  name: string;
  description: string;
  value: string;
  sensitive?: boolean;
  dependsOn?: readonly string[];
}): HclBlock {
  return block(
    'output',
    [options.name],
    [
      attr('description', options.description),
      attr('value', expr(options.value)),
      attr('sensitive', options.sensitive),
      options.dependsOn &&
        attr(
          'depends_on',
          options.dependsOn.map(reference => expr(reference)),
        ),
    ],
  );
}
