import { parse } from '@cdktn/hcl2json';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProviderSchema, type SchemaBlock } from '@skyforge/stack-checks';
import { parseStackSpec, type StackSpec } from '../../spec/stackSpec';
import { exampleSpecs } from '../../testing/exampleSpecs';
import { writeFileTree } from '../../testing/writeFileTree';
import type { FileTree } from '../../types';
import { renderGcpTerraform } from './renderGcpTerraform';

/*
 * Checks the rendered GCP Terraform with real tools and the provider schema. There is no google
 * provider binary on these machines, so `terraform validate` cannot run; this is a quick guard
 * (resource types, argument names, nesting, references), not a full schema checker.
 */

// Parsed HCL (hcl2json) has no static shape; the checks below walk it.
type Json = { [key: string]: any };

const META_ARGUMENTS = new Set([
  'count',
  'for_each',
  'depends_on',
  'lifecycle',
  'provider',
]);

function loadSchema() {
  const schema = loadProviderSchema({ provider: 'google' });
  return {
    resources: schema.resourceSchemas,
    dataSources: schema.dataSourceSchemas,
  };
}

/** Problems of one block body against its schema: unknown, deprecated or computed-only arguments, missing required ones. */
function checkBody(
  body: Json,
  schema: SchemaBlock,
  where: string,
  topLevel: boolean,
): string[] {
  const problems: string[] = [];
  const present = new Set(Object.keys(body));
  for (const [key, value] of Object.entries(body)) {
    if (topLevel && META_ARGUMENTS.has(key)) continue;
    if (key === 'dynamic') {
      for (const [name, occurrences] of Object.entries(value as Json)) {
        present.add(name);
        const nested = schema.block_types?.[name];
        if (!nested) problems.push(`${where}: unknown dynamic block "${name}"`);
        for (const occurrence of occurrences as Json[]) {
          for (const content of occurrence.content as Json[]) {
            if (nested)
              problems.push(
                ...checkBody(content, nested.block, `${where}.${name}`, false),
              );
          }
        }
      }
      continue;
    }
    const attribute = schema.attributes?.[key];
    if (attribute) {
      if (attribute.deprecated) problems.push(`${where}.${key} is deprecated`);
      if (attribute.computed && !attribute.optional && !attribute.required)
        problems.push(`${where}.${key} is read-only`);
      continue;
    }
    const nested = schema.block_types?.[key];
    if (nested) {
      if (nested.block.deprecated)
        problems.push(`${where}.${key} is deprecated`);
      for (const occurrence of value as Json[])
        problems.push(
          ...checkBody(occurrence, nested.block, `${where}.${key}`, false),
        );
      continue;
    }
    problems.push(`${where}: unknown argument "${key}"`);
  }
  for (const [name, attribute] of Object.entries(schema.attributes ?? {})) {
    if (attribute.required && !present.has(name))
      problems.push(`${where}: missing required argument "${name}"`);
  }
  for (const [name, nested] of Object.entries(schema.block_types ?? {})) {
    if ((nested.min_items ?? 0) > 0 && !present.has(name))
      problems.push(`${where}: missing required block "${name}"`);
  }
  return problems;
}

function typedBlocks(
  value: Json | undefined,
): Array<{ type: string; name: string; body: Json }> {
  return Object.entries(value ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName as Json).flatMap(([name, bodies]) =>
      (bodies as Json[]).map(body => ({ type, name, body })),
    ),
  );
}

function withoutComments(text: string): string {
  return text
    .split('\n')
    .filter(line => !line.trimStart().startsWith('#'))
    .join('\n');
}

/** Files of a tree grouped by folder (a Terraform module). */
function folders(tree: FileTree): Map<string, Record<string, string>> {
  const result = new Map<string, Record<string, string>>();
  for (const [file, content] of Object.entries(tree)) {
    const folder = path.posix.dirname(file);
    result.set(folder, {
      ...result.get(folder),
      [path.posix.basename(file)]: content,
    });
  }
  return result;
}

const gcpSpecs = Object.entries(exampleSpecs)
  .map(([name, input]) => [name, parseStackSpec(input)] as [string, StackSpec])
  .filter(([, spec]) => spec.spec.clouds.includes('gcp'));

describe('rendered GCP Terraform', () => {
  const schema = loadSchema();
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'skyforge-gcp-'));
  afterAll(() => fs.rmSync(temporary, { recursive: true, force: true }));

  it('covers at least the example specs that include gcp', () => {
    expect(gcpSpecs.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'gcp-medium',
        'all-clouds-gpu',
        'minimal-services',
      ]),
    );
  });

  describe.each(gcpSpecs)('%s', (name, spec) => {
    const tree = renderGcpTerraform(spec);
    const root = path.join(temporary, name);
    writeFileTree({ files: tree, directory: root });
    const roots = [
      ...spec.spec.environments.map(
        environment => `infra/envs/${environment}/gcp`,
      ),
      'infra/bootstrap/gcp',
      'infra/modules',
    ];

    it.each(roots)('passes terraform fmt -check in %s', folder => {
      const output = execFileSync(
        'terraform',
        ['fmt', '-check', '-recursive', '-list=true', path.join(root, folder)],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      expect(output).toBe('');
    });

    it('parses every file with hcl2json', async () => {
      // Only HCL: the monitoring module's *.tftpl (templatefile() inputs) and the database
      // module's app_role.sql and role-job.sh (make database-user) are not.
      for (const [file, content] of Object.entries(tree).filter(
        ([hclFile]) => !/\.(tftpl|sql|sh)$/.test(hclFile),
      )) {
        await expect(parse(file, content)).resolves.toEqual(expect.any(Object));
      }
    });

    it('uses only resource types and arguments of the google 6.50 schema', async () => {
      const problems: string[] = [];
      let checked = 0;
      for (const [file, content] of Object.entries(tree)) {
        if (!file.endsWith('.tf')) continue;
        const parsed = (await parse(file, content)) as Json;
        for (const { type, name: label, body } of typedBlocks(
          parsed.resource,
        )) {
          const resourceSchema = schema.resources[type];
          if (!resourceSchema)
            problems.push(`${file}: unknown resource type ${type}`);
          else
            problems.push(
              ...checkBody(
                body,
                resourceSchema.block,
                `${file} ${type}.${label}`,
                true,
              ),
            );
          checked += 1;
        }
        for (const { type, name: label, body } of typedBlocks(parsed.data)) {
          const dataSchema = schema.dataSources[type];
          if (!dataSchema)
            problems.push(`${file}: unknown data source ${type}`);
          else
            problems.push(
              ...checkBody(
                body,
                dataSchema.block,
                `${file} data.${type}.${label}`,
                true,
              ),
            );
        }
      }
      expect(problems).toEqual([]);
      expect(checked).toBeGreaterThan(10);
    });

    it('refers only to declared variables, locals, resources, attributes and module outputs', async () => {
      const problems: string[] = [];
      const modules = folders(tree);
      const declared = async (files: Record<string, string>) => {
        const result = {
          variables: new Set<string>(),
          locals: new Set<string>(),
          outputs: new Set<string>(),
          blocks: new Set<string>(),
          calls: [] as Array<{ name: string; body: Json }>,
        };
        for (const [file, content] of Object.entries(files)) {
          if (!file.endsWith('.tf')) continue;
          const parsed = (await parse(file, content)) as Json;
          Object.keys(parsed.variable ?? {}).forEach(key =>
            result.variables.add(key),
          );
          Object.keys(parsed.output ?? {}).forEach(key =>
            result.outputs.add(key),
          );
          for (const locals of (parsed.locals ?? []) as Json[])
            Object.keys(locals).forEach(key => result.locals.add(key));
          typedBlocks(parsed.resource).forEach(({ type, name: label }) =>
            result.blocks.add(`${type}.${label}`),
          );
          typedBlocks(parsed.data).forEach(({ type, name: label }) =>
            result.blocks.add(`data.${type}.${label}`),
          );
          for (const [callName, bodies] of Object.entries(
            (parsed.module ?? {}) as Json,
          )) {
            for (const body of bodies as Json[])
              result.calls.push({ name: callName, body });
          }
        }
        return result;
      };
      for (const [folder, files] of modules) {
        const own = await declared(files);
        const text = withoutComments(
          Object.entries(files)
            .filter(([file]) => file.endsWith('.tf'))
            .map(([, content]) => content)
            .join('\n'),
        );
        for (const [, variable] of text.matchAll(/\bvar\.([a-z0-9_]+)/g)) {
          if (!own.variables.has(variable))
            problems.push(`${folder}: undeclared var.${variable}`);
        }
        for (const [, local] of text.matchAll(/\blocal\.([a-z0-9_]+)/g)) {
          if (!own.locals.has(local))
            problems.push(`${folder}: undeclared local.${local}`);
        }
        for (const [, dataPrefix, type, label, attribute] of text.matchAll(
          /\b(data\.)?(google_[a-z0-9_]+)\.([a-z0-9_]+)(?:\[[^\]]+\])?\.([a-z0-9_]+)/g,
        )) {
          const address = `${dataPrefix ?? ''}${type}.${label}`;
          if (!own.blocks.has(address))
            problems.push(`${folder}: reference to undeclared ${address}`);
          const blockSchema = (
            dataPrefix ? schema.dataSources : schema.resources
          )[type]?.block;
          if (
            blockSchema &&
            !blockSchema.attributes?.[attribute] &&
            !blockSchema.block_types?.[attribute]
          ) {
            problems.push(
              `${folder}: ${address} has no attribute "${attribute}"`,
            );
          }
        }
        for (const call of own.calls) {
          const source = path.posix.normalize(
            path.posix.join(folder, call.body.source),
          );
          const target = modules.get(source);
          if (!target) {
            problems.push(
              `${folder}: module "${call.name}" source ${source} is not rendered`,
            );
            continue;
          }
          const callee = await declared(target);
          const calleeVariables = await Promise.all(
            Object.entries(target)
              .filter(([file]) => file === 'variables.tf')
              .map(([file, content]) => parse(file, content)),
          );
          const arguments_ = new Set(
            Object.keys(call.body).filter(
              key =>
                ![
                  'source',
                  'depends_on',
                  'count',
                  'for_each',
                  'providers',
                ].includes(key),
            ),
          );
          for (const argument of arguments_) {
            if (!callee.variables.has(argument))
              problems.push(
                `${folder}: module "${call.name}" has no variable "${argument}"`,
              );
          }
          for (const [variable, bodies] of Object.entries(
            ((calleeVariables[0] as Json).variable ?? {}) as Json,
          )) {
            if (
              !('default' in (bodies as Json[])[0]) &&
              !arguments_.has(variable)
            ) {
              problems.push(
                `${folder}: module "${call.name}" misses required variable "${variable}"`,
              );
            }
          }
          for (const [, moduleName, output] of text.matchAll(
            /\bmodule\.([a-z0-9_]+)\.([a-z0-9_]+)/g,
          )) {
            if (moduleName === call.name && !callee.outputs.has(output))
              problems.push(
                `${folder}: module "${moduleName}" has no output "${output}"`,
              );
          }
        }
        if (files['terraform.tfvars']) {
          const values = (await parse(
            'terraform.tfvars',
            files['terraform.tfvars'],
          )) as Json;
          for (const key of Object.keys(values)) {
            if (!own.variables.has(key))
              problems.push(
                `${folder}/terraform.tfvars sets undeclared variable "${key}"`,
              );
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('puts the attribution labels on every resource that takes labels', async () => {
      const problems: string[] = [];
      for (const [file, content] of Object.entries(tree)) {
        if (!file.startsWith('infra/modules/') || !file.endsWith('main.tf'))
          continue;
        for (const { type, name: label, body } of typedBlocks(
          ((await parse(file, content)) as Json).resource,
        )) {
          const attributes = schema.resources[type].block.attributes ?? {};
          for (const key of ['labels', 'resource_labels', 'user_labels']) {
            // A notification channel's `labels` is its configuration (the email address).
            if (
              type === 'google_monitoring_notification_channel' &&
              key === 'labels'
            )
              continue;
            if (
              attributes[key] &&
              !attributes[key].computed &&
              body[key] !== '${var.labels}'
            ) {
              problems.push(`${file} ${type}.${label} does not set ${key}`);
            }
          }
        }
      }
      const cluster = tree['infra/modules/cluster/gcp/main.tf'];
      // The cluster and its pools: system, application and GPU, or the custom pools and GPU.
      // Serverless everywhere: the Cloud Run service, its revisions and, behind a host, the load
      // balancer's address and forwarding rule.
      const poolCount = spec.spec.cluster.nodePools ? 2 : 3;
      const service = tree['infra/modules/serverless/gcp/main.tf'] ?? '';
      const labelled = cluster
        ? cluster.match(/resource_labels\s+= var\.labels/g)?.length
        : service.match(/^\s+labels\s+= var\.labels/gm)?.length;
      const loadBalancer = service.includes(
        'google_compute_global_forwarding_rule',
      );
      const expected = loadBalancer ? 4 : 2;
      expect(labelled).toBe(cluster ? 1 + poolCount : expected);
      expect(problems).toEqual([]);
    });
  });
});
