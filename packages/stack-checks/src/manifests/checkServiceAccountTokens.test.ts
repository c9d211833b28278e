import { checkServiceAccountTokens } from './checkServiceAccountTokens';
import { objectOfKind, podOf, validManifests } from './testing/validManifests';

describe('checkServiceAccountTokens', () => {
  it('accepts a ServiceAccount and pods without tokens', () => {
    expect(checkServiceAccountTokens(validManifests())).toEqual([]);
  });

  it('lets pods inherit the ServiceAccount setting', () => {
    const objects = validManifests();
    delete podOf(objects).pod.automountServiceAccountToken;
    expect(checkServiceAccountTokens(objects)).toEqual([]);
  });

  it('reports a ServiceAccount that mounts tokens, and its pods', () => {
    const objects = validManifests();
    delete objectOfKind(objects, 'ServiceAccount').automountServiceAccountToken;
    delete podOf(objects).pod.automountServiceAccountToken;
    expect(checkServiceAccountTokens(objects)).toEqual([
      'ServiceAccount demo/demo: automountServiceAccountToken is not false',
      'Deployment demo/demo: pods mount a service account token',
    ]);
  });
});
