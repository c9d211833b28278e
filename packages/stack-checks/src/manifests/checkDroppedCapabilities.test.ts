import { checkDroppedCapabilities } from './checkDroppedCapabilities';
import { podOf, validManifests } from './testing/validManifests';

describe('checkDroppedCapabilities', () => {
  it('accepts a container that drops ALL', () => {
    expect(checkDroppedCapabilities(validManifests())).toEqual([]);
  });

  it('reports a container that keeps capabilities or adds some back', () => {
    const objects = validManifests();
    (
      podOf(objects).container.securityContext as Record<string, unknown>
    ).capabilities = {
      drop: ['NET_RAW'],
      add: ['NET_ADMIN'],
    };
    expect(checkDroppedCapabilities(objects)).toEqual([
      'Deployment demo/demo container app: does not drop ALL capabilities',
      'Deployment demo/demo container app: adds capabilities NET_ADMIN',
    ]);
  });
});
