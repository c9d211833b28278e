import type {
  HclJsonBody,
  HclJsonValue,
  ParsedResource,
  ParsedTerraform,
  ProviderSchema,
  SchemaAttribute,
  SchemaBlock,
  SchemaProblem,
  SchemaRule,
} from './types';

/**
 * Offline stand-in for `terraform validate` on providers that cannot be installed here: checks
 * resource and data blocks against the provider's `terraform providers schema -json` output.
 *
 * Limits that come from reading the JSON form of HCL: a block and an attribute holding a list of
 * objects look the same (`x { a = 1 }` and `x = [{ a = 1 }]`), so a list-of-objects attribute
 * written as a block is not reported; values are not type-checked.
 */

/** Meta-arguments Terraform itself handles on resource and data blocks. */
const RESOURCE_META_ARGUMENTS = new Set([
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
  'provisioner',
  'connection',
]);

/** Meta-arguments of provider blocks. */
const PROVIDER_META_ARGUMENTS = new Set(['alias', 'version']);

function isBody(value: HclJsonValue | undefined): value is HclJsonBody {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value in block form: a non-empty array of bodies. */
function blockBodies(
  value: HclJsonValue | undefined,
): HclJsonBody[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isBody))
    return undefined;
  return value as HclJsonBody[];
}

/** Attribute types that legitimately hold a list of objects (and so look like blocks). */
function acceptsObjectList(attribute: SchemaAttribute): boolean {
  if (attribute.nested_type) return true;
  const type = attribute.type;
  if (type === 'dynamic') return true;
  if (!Array.isArray(type)) return false;
  const [collection, element] = type as [unknown, unknown];
  return (
    (collection === 'list' || collection === 'set' || collection === 'tuple') &&
    (element === 'dynamic' ||
      (Array.isArray(element) &&
        (element[0] === 'object' || element[0] === 'map')) ||
      Array.isArray(element))
  );
}

/** The provider local name a resource is bound to, from its type prefix or `provider` meta-argument. */
export function providerOf(resource: ParsedResource): string {
  const explicit = resource.body.provider;
  if (typeof explicit === 'string') {
    const match =
      /^\$\{([A-Za-z0-9_-]+)(\.[A-Za-z0-9_-]+)?\}$/.exec(explicit) ??
      /^([A-Za-z0-9_-]+)/.exec(explicit);
    if (match) return match[1];
  }
  return resource.type.split('_')[0];
}

interface Location {
  file: string;
  address: string;
}

class SchemaChecker {
  readonly problems: SchemaProblem[] = [];

  report(location: Location, rule: SchemaRule, path: string, message: string) {
    this.problems.push({
      rule,
      file: location.file,
      address: location.address,
      path,
      message,
    });
  }

  checkBody(options: {
    location: Location;
    body: HclJsonBody;
    block: SchemaBlock;
    path: string;
    metaArguments?: ReadonlySet<string>;
  }) {
    const { location, body, block, path, metaArguments } = options;
    const attributes = block.attributes ?? {};
    const blockTypes = block.block_types ?? {};
    const at = (name: string) => (path ? `${path}.${name}` : name);
    const dynamicNames = new Set(
      isBody(body.dynamic) ? Object.keys(body.dynamic) : [],
    );

    for (const [name, value] of Object.entries(body)) {
      if (metaArguments?.has(name)) continue;
      if (name === 'dynamic' && isBody(value)) {
        for (const [dynamicName, dynamicValue] of Object.entries(value)) {
          this.checkDynamic({
            location,
            block,
            path,
            name: dynamicName,
            value: dynamicValue,
          });
        }
        continue;
      }
      const attribute = attributes[name];
      if (attribute) {
        if (blockBodies(value) && !acceptsObjectList(attribute)) {
          this.report(
            location,
            'attribute-as-block',
            at(name),
            `"${name}" is an attribute; write it as ${name} = ..., not as a block`,
          );
          continue;
        }
        if (attribute.computed && !attribute.optional && !attribute.required) {
          this.report(
            location,
            'computed-only-argument',
            at(name),
            `"${name}" is computed by the provider and cannot be set`,
          );
        } else if (attribute.deprecated) {
          this.report(
            location,
            'deprecated-argument',
            at(name),
            `"${name}" is deprecated`,
          );
        }
        continue;
      }
      const blockType = blockTypes[name];
      if (!blockType) {
        this.report(
          location,
          'unknown-argument',
          at(name),
          `no argument or block named "${name}" is expected here`,
        );
        continue;
      }
      if (blockType.block.deprecated) {
        this.report(
          location,
          'deprecated-argument',
          at(name),
          `block "${name}" is deprecated`,
        );
      }
      const instances = this.blockInstances(blockType.nesting_mode, value);
      if (!instances) {
        this.report(
          location,
          'block-as-attribute',
          at(name),
          `"${name}" is a block; write it as ${name} { ... }, not as an attribute`,
        );
        continue;
      }
      const maxItems =
        blockType.nesting_mode === 'single' ||
        blockType.nesting_mode === 'group'
          ? 1
          : blockType.max_items ?? 0;
      if (maxItems > 0 && instances.length > maxItems) {
        this.report(
          location,
          'too-many-blocks',
          at(name),
          `block "${name}" appears ${instances.length} times; at most ${maxItems} allowed`,
        );
      }
      const minItems = blockType.min_items ?? 0;
      if (
        minItems > 0 &&
        instances.length < minItems &&
        !dynamicNames.has(name)
      ) {
        this.report(
          location,
          'too-few-blocks',
          at(name),
          `block "${name}" appears ${instances.length} times; at least ${minItems} required`,
        );
      }
      instances.forEach((instance, index) =>
        this.checkBody({
          location,
          body: instance,
          block: blockType.block,
          path: `${at(name)}[${index}]`,
        }),
      );
    }

    for (const [name, attribute] of Object.entries(attributes)) {
      if (attribute.required && !(name in body)) {
        this.report(
          location,
          'missing-required-argument',
          at(name),
          `required argument "${name}" is missing`,
        );
      }
    }
    for (const [name, blockType] of Object.entries(blockTypes)) {
      if (
        (blockType.min_items ?? 0) > 0 &&
        !(name in body) &&
        !dynamicNames.has(name)
      ) {
        this.report(
          location,
          'missing-required-argument',
          at(name),
          `required block "${name}" is missing`,
        );
      }
    }
  }

  /** Block instances of a value, or `undefined` when the value is not written as a block. */
  private blockInstances(
    mode: string,
    value: HclJsonValue,
  ): HclJsonBody[] | undefined {
    if (mode === 'map') {
      // `name "key" { ... }` arrives as `{ key: [body] }`.
      if (!isBody(value)) return undefined;
      const instances: HclJsonBody[] = [];
      for (const labelled of Object.values(value)) {
        const bodies = blockBodies(labelled);
        if (!bodies) return undefined;
        instances.push(...bodies);
      }
      return instances;
    }
    return blockBodies(value);
  }

  /** `dynamic "name" { for_each = ..., content { ... } }`: the content is checked against block `name`. */
  private checkDynamic(options: {
    location: Location;
    block: SchemaBlock;
    path: string;
    name: string;
    value: HclJsonValue;
  }) {
    const { location, block, path, name, value } = options;
    const at = `${path ? `${path}.` : ''}dynamic.${name}`;
    const blockType = block.block_types?.[name];
    if (!blockType) {
      if (block.attributes?.[name]) {
        this.report(
          location,
          'attribute-as-block',
          at,
          `"${name}" is an attribute and cannot be generated by a dynamic block`,
        );
      } else {
        this.report(
          location,
          'unknown-argument',
          at,
          `no block named "${name}" is expected here`,
        );
      }
      return;
    }
    (blockBodies(value) ?? []).forEach((dynamicBlock, index) => {
      for (const key of Object.keys(dynamicBlock)) {
        if (!['for_each', 'iterator', 'labels', 'content'].includes(key)) {
          this.report(
            location,
            'unknown-argument',
            `${at}[${index}].${key}`,
            `dynamic blocks take for_each, iterator, labels and content, not "${key}"`,
          );
        }
      }
      const contents = blockBodies(dynamicBlock.content);
      if (!contents) {
        this.report(
          location,
          'missing-required-argument',
          `${at}[${index}].content`,
          `dynamic block "${name}" needs a content block`,
        );
        return;
      }
      contents.forEach(content =>
        this.checkBody({
          location,
          body: content,
          block: blockType.block,
          path: `${at}[${index}].content`,
        }),
      );
    });
  }
}

/**
 * Checks the resources, data sources and provider blocks of one provider against its schema:
 * unknown types and arguments, missing required arguments and blocks, computed-only attributes,
 * deprecated arguments, attributes written as blocks and the other way round, and block counts.
 * Blocks of other providers are ignored.
 */
export function checkAgainstProviderSchema(options: {
  parsed: ParsedTerraform;
  schema: ProviderSchema;
}): SchemaProblem[] {
  const { parsed, schema } = options;
  const checker = new SchemaChecker();
  const kinds = [
    {
      items: parsed.resources,
      schemas: schema.resourceSchemas,
      kind: 'resource type',
    },
    {
      items: parsed.dataSources,
      schemas: schema.dataSourceSchemas,
      kind: 'data source',
    },
  ];
  for (const { items, schemas, kind } of kinds) {
    for (const resource of items) {
      if (providerOf(resource) !== schema.name) continue;
      const location = { file: resource.file, address: resource.address };
      const resourceSchema = schemas[resource.type];
      if (!resourceSchema) {
        checker.report(
          location,
          'unknown-resource-type',
          '',
          `${schema.source} has no ${kind} "${resource.type}"`,
        );
        continue;
      }
      checker.checkBody({
        location,
        body: resource.body,
        block: resourceSchema.block,
        path: '',
        metaArguments: RESOURCE_META_ARGUMENTS,
      });
    }
  }
  for (const provider of parsed.providers) {
    if (provider.name !== schema.name) continue;
    const location = {
      file: provider.file,
      address: `provider.${provider.name}`,
    };
    if (schema.provider) {
      checker.checkBody({
        location,
        body: provider.body,
        block: schema.provider.block,
        path: '',
        metaArguments: PROVIDER_META_ARGUMENTS,
      });
    }
    // The azurerm provider rejects a configuration without `features {}`, although its schema
    // does not mark the block as required.
    if (schema.name === 'azurerm' && !('features' in provider.body)) {
      checker.report(
        location,
        'missing-required-argument',
        'features',
        'the azurerm provider needs a features {} block',
      );
    }
  }
  return checker.problems;
}
