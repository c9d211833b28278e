import { stringify } from 'yaml';

/**
 * Writes one YAML document the way every Kustomize file of the rendered repository is written:
 * 2-space indentation, no line folding, no anchors, keys in the order the object was built, and
 * an optional `#` comment block on top explaining the choices a reader would ask about.
 */
export function yamlDocument(options: {
  value: unknown;
  comment?: readonly string[];
  /**
   * `1.1` quotes strings YAML 1.1 readers take for booleans (`yes`, `on`): Compose files are
   * read by such parsers too.
   */
  yamlVersion?: '1.1' | '1.2';
}): string {
  const header = (options.comment ?? [])
    .map(line => (line ? `# ${line}` : '#'))
    .join('\n');
  const body = stringify(options.value, {
    indent: 2,
    lineWidth: 0,
    aliasDuplicateObjects: false,
    version: options.yamlVersion ?? '1.2',
  });
  return header ? `${header}\n${body}` : body;
}
