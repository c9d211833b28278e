import {
  CLOUDS,
  CURRENCIES,
  ENVIRONMENTS,
  KUBERNETES_VERSIONS,
  REGIONS,
  SERVICE_DEFAULTS,
  SERVICE_IDS,
  SIZES,
  SPOT_POLICIES,
} from '@skyforge/stack-renderer/spec';
import { z } from 'zod/v3';
import { stackInputSchema } from './actions/stackInputSchema';
import { readTemplate } from './__testUtils__/templateDryRun';

/** The template's choices are written out in YAML; they must stay what the renderer accepts. */
describe('kubernetes-platform template choices', () => {
  it("offers exactly the renderer's clouds, regions (with their names) and options", async () => {
    const template = await readTemplate('kubernetes-platform');
    const pages: Array<{
      properties: Record<string, any>;
      dependencies?: any;
    }> = template.spec.parameters;
    const property = (name: string) =>
      pages.find(page => name in page.properties)!.properties[name];

    // Several clouds at once, and a region select per cloud.
    expect(property('clouds').items.enum).toEqual([...CLOUDS]);
    expect(property('clouds').uniqueItems).toBe(true);
    const regions = property('regions');
    expect(Object.keys(regions.properties)).toEqual([...CLOUDS]);
    for (const cloud of CLOUDS) {
      const select = regions.properties[cloud];
      expect(select.enum).toEqual(Object.keys(REGIONS[cloud]));
      expect(select.enumNames).toEqual(Object.values(REGIONS[cloud]));
      expect(Object.keys(REGIONS[cloud])).toContain(select.default);
    }
    // One project per environment: prod never shares one.
    expect(Object.keys(property('gcpProjects').properties)).toEqual([
      ...ENVIRONMENTS,
    ]);

    expect(property('environments').items.enum).toEqual([...ENVIRONMENTS]);
    expect(property('size').enum).toEqual([...SIZES]);
    expect(property('spot').enum).toEqual([...SPOT_POLICIES]);
    expect(property('kubernetesVersion').enum).toEqual([
      ...KUBERNETES_VERSIONS,
    ]);
    expect(property('currency').enum).toEqual([...CURRENCIES]);
    expect(property('costEstimate')['ui:field']).toBe('SkyforgeCostEstimate');
    expect(property('policyCheck')['ui:field']).toBe('SkyforgeStackCheck');
  });
});

/**
 * The registry's services are written out in the template too (one checkbox each, passed on to
 * the render step): adding a service to the registry fails here until the template offers it.
 */
describe('kubernetes-platform template services', () => {
  it("offers one checkbox per registry service with the registry's default, and renders it", async () => {
    const template = await readTemplate('kubernetes-platform');
    const page = template.spec.parameters.find(
      (candidate: { properties: Record<string, unknown> }) =>
        SERVICE_IDS[0] in candidate.properties,
    );
    const checkboxes = Object.entries(page.properties)
      .filter(([, property]: [string, any]) => property.type === 'boolean')
      .map(([name, property]: [string, any]) => [name, property.default]);
    expect(checkboxes).toEqual(
      SERVICE_IDS.map(id => [id, SERVICE_DEFAULTS[id]]),
    );

    const render = template.spec.steps.find(
      (step: { action: string }) => step.action === 'skyforge:stack:render',
    );
    expect(render.input.services).toEqual(
      Object.fromEntries(
        SERVICE_IDS.map(id => [id, `\${{ parameters.${id} }}`]),
      ),
    );
  });

  it('gives the render action one switch per registry service', () => {
    const services = stackInputSchema.services(z).unwrap();
    expect(Object.keys(services.shape)).toEqual([...SERVICE_IDS]);
    const { description } = stackInputSchema.services(z);
    for (const id of SERVICE_IDS) expect(description).toContain(id);
  });
});

describe('teardown-stack template choices', () => {
  it("offers exactly the renderer's environments and clouds", async () => {
    const template = await readTemplate('teardown-stack');
    const { properties } = template.spec.parameters[0];
    expect(properties.environment.enum).toEqual([...ENVIRONMENTS]);
    expect(properties.cloud.enum).toEqual([...CLOUDS]);
  });
});
