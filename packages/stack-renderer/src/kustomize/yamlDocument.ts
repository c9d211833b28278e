import { stringify } from 'yaml';

/**
 * Writes one YAML document the way every Kustomize file of the rendered repository is written:
 * 2-space indentation, no line folding, no anchors, keys in the order the object was built, and
 * an optional `#` comment block on top explaining the choices a reader would ask about.
 */
export function yamlDocument(options: {
  value: unknown;
  comment?: readonly string[];
}): string {
  const header = (options.comment ?? [])
    .map(line => (line ? `# ${line}` : '#'))
    .join('\n');
  const body = stringify(options.value, {
    indent: 2,
    lineWidth: 0,
    aliasDuplicateObjects: false,
  });
  return header ? `${header}\n${body}` : body;
}
