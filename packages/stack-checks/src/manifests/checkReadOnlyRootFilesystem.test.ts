import { checkReadOnlyRootFilesystem } from './checkReadOnlyRootFilesystem';
import { podOf, validManifests } from './testing/validManifests';

describe('checkReadOnlyRootFilesystem', () => {
  it('accepts a read-only root filesystem', () => {
    expect(checkReadOnlyRootFilesystem(validManifests())).toEqual([]);
  });

  it('reports a writable root filesystem', () => {
    const objects = validManifests();
    (
      podOf(objects).container.securityContext as Record<string, unknown>
    ).readOnlyRootFilesystem = false;
    expect(checkReadOnlyRootFilesystem(objects)).toEqual([
      'Deployment demo/demo container app: root filesystem is writable',
    ]);
  });
});
