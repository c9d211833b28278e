import type {
  HclJsonBody,
  HclJsonValue,
  ParsedResource,
  ParsedTerraform,
} from '../types';

/**
 * Building blocks of the security rules. Rules judge what they can know from the HCL alone:
 *
 * - A literal value is judged as written; an insecure literal fails.
 * - An absent value is judged by the provider's default (passed by each rule), so an omitted
 *   setting whose default is insecure fails.
 * - An expression (`"${var.x}"`, a conditional, a function call, a template, a dynamic block) is
 *   unknown and passes: a module takes its settings from variables, and the rule cannot know the
 *   value without evaluating the caller. Callers that want to judge a value should pass literals.
 */

/** The result of looking up a setting. */
export type Lookup =
  | { state: 'absent' }
  | { state: 'unknown' }
  | { state: 'value'; value: HclJsonValue };

function isBody(value: HclJsonValue | undefined): value is HclJsonBody {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a value Terraform only knows at plan time: any string with an interpolation. */
export function isExpression(value: HclJsonValue | undefined): boolean {
  if (typeof value === 'string')
    return value.includes('${') || value.includes('%{');
  if (Array.isArray(value))
    return value.some(item => typeof item === 'string' && isExpression(item));
  return false;
}

/** Static block instances of `name` plus the content of `dynamic "name"` blocks. */
export function blocks(
  body: HclJsonBody | undefined,
  name: string,
): HclJsonBody[] {
  if (!body) return [];
  const result: HclJsonBody[] = [];
  const value = body[name];
  if (Array.isArray(value)) result.push(...value.filter(isBody));
  const dynamic = body.dynamic;
  if (isBody(dynamic) && Array.isArray(dynamic[name])) {
    for (const generator of (dynamic[name] as HclJsonValue[]).filter(isBody)) {
      if (Array.isArray(generator.content))
        result.push(...generator.content.filter(isBody));
    }
  }
  return result;
}

function hasDynamic(body: HclJsonBody, name: string): boolean {
  return isBody(body.dynamic) && name in body.dynamic;
}

/** Looks up `a.b.c` through the first instance of each block; dynamic blocks make it unknown. */
export function lookup(body: HclJsonBody, path: string): Lookup {
  const names = path.split('.');
  let current: HclJsonBody = body;
  for (const [index, name] of names.entries()) {
    if (index === names.length - 1) {
      if (hasDynamic(current, name)) return { state: 'unknown' };
      if (!(name in current) || current[name] === null)
        return { state: 'absent' };
      const value = current[name];
      return isExpression(value)
        ? { state: 'unknown' }
        : { state: 'value', value };
    }
    if (hasDynamic(current, name)) return { state: 'unknown' };
    const value = current[name];
    if (value === undefined || value === null) return { state: 'absent' };
    if (isExpression(value)) return { state: 'unknown' };
    // A block arrives as an array of bodies; an object attribute is walked into as well.
    const first = Array.isArray(value) ? value.find(isBody) : value;
    if (!isBody(first)) return { state: 'absent' };
    current = first;
  }
  return { state: 'absent' };
}

/** `true`/`false`, also when written as the strings HCL converts to booleans. */
export function asBoolean(value: HclJsonValue): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

function show(value: HclJsonValue): string {
  return JSON.stringify(value);
}

/**
 * Judges one setting: absent → `whenAbsent` (the provider default; `undefined` means the setting
 * is needed), unknown → pass, literal → `accept`. Returns the failure message, if any.
 */
export function expectSetting(options: {
  body: HclJsonBody;
  path: string;
  accept: (value: HclJsonValue) => boolean;
  /** What a passing value looks like, for the message. */
  expected: string;
  whenAbsent?: HclJsonValue;
}): string | undefined {
  const { body, path, accept, expected, whenAbsent } = options;
  const found = lookup(body, path);
  if (found.state === 'unknown') return undefined;
  if (found.state === 'absent') {
    if (whenAbsent === undefined)
      return `${path} is not set; expected ${expected}`;
    return accept(whenAbsent)
      ? undefined
      : `${path} is not set and defaults to ${show(
          whenAbsent,
        )}; expected ${expected}`;
  }
  return accept(found.value)
    ? undefined
    : `${path} is ${show(found.value)}; expected ${expected}`;
}

/** The setting must be `true` (`whenAbsent` is the provider default). */
export function expectTrue(
  body: HclJsonBody,
  path: string,
  whenAbsent?: boolean,
) {
  return expectSetting({
    body,
    path,
    whenAbsent,
    expected: 'true',
    accept: value => asBoolean(value) === true,
  });
}

/** The setting must be `false` (`whenAbsent` is the provider default). */
export function expectFalse(
  body: HclJsonBody,
  path: string,
  whenAbsent?: boolean,
) {
  return expectSetting({
    body,
    path,
    whenAbsent,
    expected: 'false',
    accept: value => asBoolean(value) === false,
  });
}

/** The setting must be one of `allowed` (compared case-sensitively, as the provider does). */
export function expectOneOf(
  body: HclJsonBody,
  path: string,
  allowed: readonly string[],
  whenAbsent?: string,
) {
  return expectSetting({
    body,
    path,
    whenAbsent,
    expected: allowed.map(value => show(value)).join(' or '),
    accept: value => typeof value === 'string' && allowed.includes(value),
  });
}

/** The setting must be present with a non-empty value (any expression counts). */
export function expectPresent(body: HclJsonBody, path: string, what: string) {
  return expectSetting({
    body,
    path,
    expected: what,
    accept: value =>
      value !== '' && !(Array.isArray(value) && value.length === 0),
  });
}

/** The first failure of several checks. */
export function firstFailure(
  ...failures: Array<string | undefined>
): string | undefined {
  return failures.find(failure => failure !== undefined);
}

/** Every string in a value, depth-first (used to search expressions for references). */
export function strings(value: HclJsonValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (isBody(value)) return Object.values(value).flatMap(strings);
  return [];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when the value refers to the resource (`aws_s3_bucket.this.id`, `aws_s3_bucket.this[0].arn`). */
export function refersTo(
  value: HclJsonValue | undefined,
  resource: ParsedResource,
): boolean {
  const pattern = new RegExp(
    `(^|[^A-Za-z0-9_.-])${escapeRegExp(resource.address)}(?![A-Za-z0-9_-])`,
  );
  return strings(value).some(text => isExpression(text) && pattern.test(text));
}

/** Resources of one type. */
export function resourcesOfType(
  parsed: ParsedTerraform,
  type: string,
): ParsedResource[] {
  return parsed.resources.filter(resource => resource.type === type);
}

/**
 * Companion resources (`aws_s3_bucket_versioning` for an `aws_s3_bucket`) attached to `target`
 * through `attribute`. A companion whose attribute refers to no resource of the target's type in
 * the parsed files (e.g. `var.bucket_id`) may belong to any target, so it is included as well.
 */
export function attachedResources(options: {
  parsed: ParsedTerraform;
  target: ParsedResource;
  type: string;
  attribute: string;
}): ParsedResource[] {
  const { parsed, target, type, attribute } = options;
  const siblings = resourcesOfType(parsed, target.type);
  return resourcesOfType(parsed, type).filter(companion => {
    const value = companion.body[attribute];
    // `bucket = each.value` attaches to whatever the companion's for_each iterates over.
    const sources = strings(value).some(text => /\beach\./.test(text))
      ? [value, companion.body.for_each]
      : [value];
    if (sources.some(source => refersTo(source, target))) return true;
    return (
      isExpression(value) &&
      !siblings.some(sibling =>
        sources.some(source => refersTo(source, sibling)),
      )
    );
  });
}

/** Every literal string of a list setting, or `undefined` when the list is unknown or absent. */
export function literalStrings(
  body: HclJsonBody,
  path: string,
): string[] | undefined {
  const found = lookup(body, path);
  if (found.state !== 'value') return undefined;
  const items = Array.isArray(found.value) ? found.value : [found.value];
  return items.filter((item): item is string => typeof item === 'string');
}

/** CIDRs that open a setting to the whole internet. */
export const OPEN_CIDRS: readonly string[] = [
  '0.0.0.0/0',
  '::/0',
  '*',
  'Internet',
  'Any',
];

/**
 * The target needs a companion resource of `type` (attached through `attribute`) that passes
 * `check`; e.g. an `aws_s3_bucket_versioning` with status `Enabled` for each `aws_s3_bucket`.
 */
export function expectCompanion(options: {
  parsed: ParsedTerraform;
  target: ParsedResource;
  type: string;
  attribute: string;
  check?: (companion: ParsedResource) => string | undefined;
}): string | undefined {
  const companions = attachedResources(options);
  if (companions.length === 0)
    return `no ${options.type} refers to ${options.target.address}`;
  const failures = companions.map(companion => {
    const failure = options.check?.(companion);
    return failure === undefined
      ? undefined
      : `${companion.address}: ${failure}`;
  });
  return failures.includes(undefined) ? undefined : failures[0];
}
