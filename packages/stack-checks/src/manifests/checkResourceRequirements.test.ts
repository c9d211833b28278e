import { checkResourceRequirements } from './checkResourceRequirements';
import { podOf, validManifests } from './testing/validManifests';

describe('checkResourceRequirements', () => {
  it('accepts containers with CPU and memory requests and limits', () => {
    expect(checkResourceRequirements(validManifests())).toEqual([]);
  });

  it('reports each missing request and limit', () => {
    const objects = validManifests();
    podOf(objects).container.resources = { requests: { cpu: '100m' } };
    expect(checkResourceRequirements(objects)).toEqual([
      'Deployment demo/demo container app: no memory requests',
      'Deployment demo/demo container app: no cpu limits',
      'Deployment demo/demo container app: no memory limits',
    ]);
  });
});
