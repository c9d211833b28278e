import { checkProbes } from './checkProbes';
import { podOf, validManifests } from './testing/validManifests';

describe('checkProbes', () => {
  it('accepts containers with liveness and readiness probes', () => {
    expect(checkProbes(validManifests())).toEqual([]);
  });

  it('reports a container without probes but ignores init containers', () => {
    const objects = validManifests();
    const { pod, container } = podOf(objects);
    delete container.livenessProbe;
    pod.initContainers = [
      { name: 'migrate', image: 'ghcr.io/acme/migrate:1.0.0' },
    ];
    expect(checkProbes(objects)).toEqual([
      'Deployment demo/demo container app: no livenessProbe',
    ]);
  });
});
