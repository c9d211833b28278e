/**
 * A small HCL writer whose output is already in `terraform fmt` canonical form, so rendered
 * Terraform never needs a formatting pass (and the renderer stays free of external tools).
 *
 * The rules mirror hclwrite's formatter: two-space indentation; `=` signs aligned across a run of
 * consecutive single-line attributes; a comment, a blank line, a block or a multi-line attribute
 * ends the run.
 */

/** A raw HCL expression, written verbatim (references, function calls, templates). */
export class HclExpression {
  constructor(readonly text: string) {}
}

/** A value that can be written as an HCL expression. `undefined` entries are dropped. */
export type HclValue =
  | string
  | number
  | boolean
  | HclExpression
  | readonly HclValue[]
  | { readonly [key: string]: HclValue | undefined };

export interface HclAttribute {
  readonly kind: 'attribute';
  readonly name: string;
  readonly value: HclValue;
}

export interface HclBlock {
  readonly kind: 'block';
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: HclBody;
}

export interface HclComment {
  readonly kind: 'comment';
  readonly text: string;
}

export interface HclBlank {
  readonly kind: 'blank';
}

export type HclNode = HclAttribute | HclBlock | HclComment | HclBlank;

/** Items of a body; `undefined` and `false` entries are skipped so bodies can use `cond && node`. */
export type HclBody = ReadonlyArray<HclNode | HclBody | undefined | false>;

/** A raw expression: `expr('var.name')`, `expr('aws_vpc.this.id')`. */
export function expr(text: string): HclExpression {
  return new HclExpression(text);
}

/** An attribute `name = value`; returns nothing when the value is `undefined`. */
export function attr(
  name: string,
  value: HclValue | undefined,
): HclAttribute | undefined {
  return value === undefined ? undefined : { kind: 'attribute', name, value };
}

/** A block `type "label" ... { body }`. */
export function block(
  type: string,
  labels: readonly string[],
  body: HclBody,
): HclBlock {
  return { kind: 'block', type, labels, body };
}

/** A `resource "type" "name"` block. */
export function resource(type: string, name: string, body: HclBody): HclBlock {
  return block('resource', [type, name], body);
}

/** A `data "type" "name"` block. */
export function data(type: string, name: string, body: HclBody): HclBlock {
  return block('data', [type, name], body);
}

/** One `#` comment line per line of text. */
export function comment(text: string): HclComment {
  return { kind: 'comment', text };
}

/** An empty line, used to group related attributes. */
export function blank(): HclBlank {
  return { kind: 'blank' };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INDENT = '  ';

function flatten(body: HclBody): HclNode[] {
  const nodes: HclNode[] = [];
  for (const item of body) {
    if (item === undefined || item === false) continue;
    if (Array.isArray(item)) nodes.push(...flatten(item));
    else nodes.push(item as HclNode);
  }
  return nodes;
}

function quote(text: string): string {
  // JSON string escaping is valid HCL; template sequences must be escaped to stay literal.
  return JSON.stringify(text).replace(
    /([$%])\{/g,
    (_match, sigil) => `${sigil}${sigil}{`,
  );
}

const TEMPLATE_KEY = '\u0000template:';

/**
 * An object key written as a quoted template rather than a literal, for keys that interpolate:
 * `{ [templateKey('k8s.io/cluster-autoscaler/${var.name}')]: 'owned' }`.
 */
export function templateKey(template: string): string {
  return `${TEMPLATE_KEY}${template}`;
}

function objectKey(key: string): string {
  if (key.startsWith(TEMPLATE_KEY)) {
    return `"${key.slice(TEMPLATE_KEY.length)}"`;
  }
  return IDENTIFIER.test(key) ? key : quote(key);
}

function isRecord(
  value: HclValue,
): value is { readonly [key: string]: HclValue | undefined } {
  return (
    typeof value === 'object' &&
    !(value instanceof HclExpression) &&
    !Array.isArray(value)
  );
}

/** Writes a value; multi-line values start on the current line and end at `indent`. */
function writeValue(value: HclValue, indent: string): string {
  if (value instanceof HclExpression) return value.text;
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (Array.isArray(value)) {
    const items = value as readonly HclValue[];
    if (items.length === 0) return '[]';
    const simple = items.every(
      item => !(typeof item === 'object' && !(item instanceof HclExpression)),
    );
    const inline = `[${items
      .map(item => writeValue(item, indent))
      .join(', ')}]`;
    if (simple && inline.length <= 80 && !inline.includes('\n')) return inline;
    const inner = indent + INDENT;
    return `[\n${items
      .map(item => `${inner}${writeValue(item, inner)},\n`)
      .join('')}${indent}]`;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(
      (entry): entry is [string, HclValue] => entry[1] !== undefined,
    );
    if (entries.length === 0) return '{}';
    const inner = indent + INDENT;
    const lines = writeAligned(
      entries.map(([key, entryValue]) => ({
        name: objectKey(key),
        value: entryValue,
      })),
      inner,
    );
    return `{\n${lines}${indent}}`;
  }
  throw new TypeError(`Cannot write ${String(value)} as HCL`);
}

/** Writes `name = value` lines, aligning `=` across runs of single-line values. */
function writeAligned(
  items: ReadonlyArray<{ name: string; value: HclValue } | undefined>,
  indent: string,
): string {
  const written = items.map(item =>
    item
      ? { name: item.name, text: writeValue(item.value, indent) }
      : undefined,
  );
  let out = '';
  let index = 0;
  while (index < written.length) {
    const current = written[index];
    if (!current || current.text.includes('\n')) {
      out += current ? `${indent}${current.name} = ${current.text}\n` : '';
      index += 1;
      continue;
    }
    let end = index;
    while (
      end < written.length &&
      written[end] &&
      !written[end]!.text.includes('\n')
    )
      end += 1;
    const run = written.slice(index, end) as Array<{
      name: string;
      text: string;
    }>;
    const width = Math.max(...run.map(line => line.name.length));
    for (const line of run)
      out += `${indent}${line.name.padEnd(width)} = ${line.text}\n`;
    index = end;
  }
  return out;
}

function writeBody(nodes: readonly HclNode[], indent: string): string {
  let out = '';
  let run: Array<{ name: string; value: HclValue }> = [];
  const flush = () => {
    out += writeAligned(run, indent);
    run = [];
  };
  for (const node of nodes) {
    if (node.kind === 'attribute') {
      run.push({ name: node.name, value: node.value });
      continue;
    }
    flush();
    if (node.kind === 'blank') out += '\n';
    else if (node.kind === 'comment') {
      for (const line of node.text.split('\n'))
        out += `${indent}#${line ? ` ${line}` : ''}\n`;
    } else out += writeBlock(node, indent);
  }
  flush();
  return out;
}

function writeBlock(node: HclBlock, indent: string): string {
  const header = [node.type, ...node.labels.map(quote)].join(' ');
  const body = flatten(node.body);
  if (body.length === 0) return `${indent}${header} {}\n`;
  return `${indent}${header} {\n${writeBody(
    body,
    indent + INDENT,
  )}${indent}}\n`;
}

/**
 * Writes a whole file. Top-level blocks are separated by one blank line, as hand-written
 * Terraform is; a comment directly before a block stays attached to it. The result ends with a
 * single newline.
 */
export function writeHcl(body: HclBody): string {
  const spaced: HclNode[] = [];
  for (const node of flatten(body)) {
    const previous = spaced[spaced.length - 1];
    if (node.kind === 'blank' && (!previous || previous.kind === 'blank'))
      continue;
    const needsGap =
      previous !== undefined &&
      node.kind !== 'blank' &&
      previous.kind !== 'blank' &&
      (previous.kind === 'block' ||
        (node.kind !== 'attribute' && previous.kind === 'attribute'));
    if (needsGap) spaced.push(blank());
    spaced.push(node);
  }
  while (spaced.length && spaced[spaced.length - 1].kind === 'blank')
    spaced.pop();
  return writeBody(spaced, '');
}
