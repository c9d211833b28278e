import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TERRAFORM_RULES } from '@skyforge/stack-checks';
import { renderStack } from '../renderStack';
import { CLOUDS, type Cloud } from '../spec/regions';
import { parseStackSpec } from '../spec/stackSpec';
import type { FileTree } from '../types';
import { STACK_SERVICES, stackService } from './stackServices';
import { SERVICE_IDS } from './types';

/**
 * The lists of services that stay written by hand outside the registry: the security rule files
 * of @skyforge/stack-checks and the StackSpec examples of the docs. Adding a service to the
 * registry fails here until each of them has it. (The action's input schema is built from the
 * registry; the template's checkboxes are checked by the scaffolder module's templateEnums test.)
 */

const REPOSITORY = join(__dirname, '..', '..', '..', '..');

/** A stack with every service on, on every cloud, or with one service off. */
function everything(off?: string) {
  return parseStackSpec({
    apiVersion: 'skyforge.io/v1alpha1',
    kind: 'Stack',
    metadata: { name: 'everything', owner: 'group:default/platform' },
    spec: {
      clouds: [...CLOUDS],
      regions: { aws: 'us-east-1', gcp: 'europe-west1', azure: 'westeurope' },
      gcp: {
        projects: {
          dev: 'everything-dev',
          staging: 'everything-staging',
          prod: 'everything-prod',
        },
      },
      services: Object.fromEntries(SERVICE_IDS.map(id => [id, id !== off])),
      app: { image: 'ghcr.io/acme/everything:1.0.0' },
    },
  });
}

/** The Terraform resource types rendered for one cloud. */
function resourceTypes(files: FileTree, cloud: Cloud): Set<string> {
  const types = new Set<string>();
  for (const [path, text] of Object.entries(files)) {
    if (!path.startsWith('infra/') || !path.endsWith('.tf')) continue;
    if (!path.includes(`/${cloud}/`)) continue;
    for (const match of text.matchAll(/^resource "([\w-]+)"/gm)) {
      types.add(match[1]);
    }
  }
  return types;
}

/**
 * Services whose resources no security rule needs to judge, and why. Nothing else may be here:
 * a new service gets rules on every cloud (with passing and failing snippets in stack-checks).
 */
// Monitoring on GCP is judged too since its alert policies must notify a channel
// (SKYFORGE_GCP_ALERT_POLICY_CHANNELS).
const NO_RULE_NEEDED: Readonly<Record<string, string>> = {};

describe('lists of services outside the registry', () => {
  const all = renderStack(everything());
  const allTypes = Object.fromEntries(
    CLOUDS.map(cloud => [cloud, resourceTypes(all.files, cloud)]),
  );

  it.each(
    STACK_SERVICES.flatMap(service =>
      CLOUDS.map(cloud => [service.id, cloud] as const),
    ),
  )(
    'the resources %s brings on %s are judged by at least one security rule of that cloud',
    (id, cloud) => {
      // Its module's resources, and whatever else the stack renders only with it (grants, DNS).
      const module =
        all.files[
          `infra/modules/${stackService(id).capability}/${cloud}/main.tf`
        ];
      const without = resourceTypes(renderStack(everything(id)).files, cloud);
      const brought = [
        ...[...module.matchAll(/^resource "([\w-]+)"/gm)].map(
          match => match[1],
        ),
        ...[...allTypes[cloud]].filter(type => !without.has(type)),
      ];
      const rules = TERRAFORM_RULES.filter(
        rule =>
          rule.cloud === cloud &&
          rule.resourceTypes.some(type => brought.includes(type)),
      ).map(rule => rule.id);
      const exemption = NO_RULE_NEEDED[`${id} on ${cloud}`];
      expect({ id, cloud, judged: rules.length > 0 }).toEqual({
        id,
        cloud,
        judged: exemption === undefined,
      });
    },
  );

  it.each([
    'docs/architecture.md',
    'packages/stack-renderer/README.md',
    'plugins/skyforge/README.md',
  ])('%s names every service of the registry', doc => {
    const text = readFileSync(join(REPOSITORY, doc), 'utf8');
    const missing = SERVICE_IDS.filter(
      id => !new RegExp(`\\b${id}\\b`).test(text),
    );
    expect(missing).toEqual([]);
  });

  it.each(['docs/architecture.md', 'packages/stack-renderer/README.md'])(
    "%s's example StackSpec switches every service, in registry order",
    doc => {
      const text = readFileSync(join(REPOSITORY, doc), 'utf8');
      const block = /^ {2}services:[^{]*\{([^}]*)\}/m.exec(text);
      expect(block).not.toBeNull();
      const keys = [...block![1].replace(/#.*$/gm, '').matchAll(/(\w+):/g)].map(
        match => match[1],
      );
      expect(keys).toEqual([...SERVICE_IDS]);
    },
  );
});
