import { checkRunAsNonRoot } from './checkRunAsNonRoot';
import { podOf, validManifests } from './testing/validManifests';

describe('checkRunAsNonRoot', () => {
  it('accepts runAsNonRoot inherited from the pod', () => {
    expect(checkRunAsNonRoot(validManifests())).toEqual([]);
  });

  it('reports a pod that may run as root', () => {
    const objects = validManifests();
    podOf(objects).pod.securityContext = {};
    expect(checkRunAsNonRoot(objects)).toEqual([
      'Deployment demo/demo container app: may run as root (set runAsNonRoot: true)',
    ]);
  });

  it('reports a container that overrides the user with UID 0', () => {
    const objects = validManifests();
    podOf(objects).container.securityContext = { runAsUser: 0 };
    expect(checkRunAsNonRoot(objects)).toEqual([
      'Deployment demo/demo container app: runs as UID 0',
    ]);
  });
});
