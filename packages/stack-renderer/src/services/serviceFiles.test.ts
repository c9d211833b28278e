import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CLOUDS } from '../spec/regions';
import { INFRASTRUCTURE_COST_CATEGORIES } from '../cost/types';
import { STACK_SERVICES, stackService } from './stackServices';
import type { ServiceId } from './types';

const SRC = join(__dirname, '..');

/** The renderer's source files, tests and test helpers left out. */
function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap(entry => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      return ['__golden__', 'testing'].includes(entry.name)
        ? []
        : sourceFiles(path);
    }
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)
      ? [relative(SRC, path)]
      : [];
  });
}

/**
 * The files a service may be named in: its descriptor, the registry, one contribution per cloud
 * and the line that registers it in that cloud's table. Everything else (schema, catalog, docs,
 * diagram, egress, module folders, cost lines, categories and labels, prices) reads the registry.
 */
function filesOfService(id: ServiceId): string[] {
  return [
    `services/${id}.ts`,
    'services/stackServices.ts',
    'services/types.ts',
    ...CLOUDS.flatMap(cloud => [
      `terraform/${cloud}/services/${id}.ts`,
      `terraform/${cloud}/${cloud}Services.ts`,
    ]),
  ].sort();
}

/** Services built in the registry's shape from the start; the older ones are still named elsewhere. */
const REGISTRY_SHAPED: readonly ServiceId[] = ['kafka'];

describe('the service registry', () => {
  const files = sourceFiles(SRC);
  const texts = new Map(
    files.map(file => [file, readFileSync(join(SRC, file), 'utf8')]),
  );
  const filesNaming = (word: string) =>
    files.filter(file =>
      new RegExp(`\\b${word}\\b`, 'i').test(texts.get(file)!),
    );

  it('gives every service its own id, module folder and cost category', () => {
    for (const key of ['id', 'capability', 'costCategory'] as const) {
      const values = STACK_SERVICES.map(service => service[key]);
      expect(new Set(values).size).toBe(values.length);
    }
    const infrastructure: readonly string[] = INFRASTRUCTURE_COST_CATEGORIES;
    for (const service of STACK_SERVICES) {
      expect(infrastructure).not.toContain(service.costCategory);
      expect(['network', 'cluster', 'ingress', 'cluster-access']).not.toContain(
        service.capability,
      );
    }
  });

  it.each(REGISTRY_SHAPED)(
    '%s is named only in its own files and the registries (at most 10 files)',
    id => {
      const service = stackService(id);
      const naming = [
        ...new Set([
          ...filesNaming(id),
          ...filesNaming(service.capability),
          ...filesNaming(service.costCategory),
        ]),
      ].sort();
      expect(naming).toEqual(filesOfService(id));
      expect(naming.length).toBeLessThanOrEqual(10);
    },
  );

  it.each(['cost/estimateCost.ts', 'plan/environmentPlan.ts'])(
    '%s prices or plans no service by name: the contributions do',
    file => {
      const text = texts.get(file)!;
      const named = STACK_SERVICES.filter(service =>
        new RegExp(
          `\\bservices\\.${service.id}\\b|\\b${service.id}\\(|['\`]${service.costCategory}['\`]`,
        ).test(text),
      ).map(service => service.id);
      expect(named).toEqual([]);
    },
  );

  it('finds a service named outside its files', () => {
    // postgres predates the registry: the plan, the estimate and the docs still name it.
    const naming = filesNaming('postgres');
    expect(naming).toEqual(expect.arrayContaining(filesOfService('postgres')));
    expect(naming.length).toBeGreaterThan(filesOfService('postgres').length);
  });
});
