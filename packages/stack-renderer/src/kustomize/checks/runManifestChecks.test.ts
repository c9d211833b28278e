import { runManifestChecks } from './runManifestChecks';
import { podOf, validManifests } from './testing/validManifests';

describe('runManifestChecks', () => {
  it('finds nothing in a clean build', () => {
    expect(runManifestChecks(validManifests())).toEqual([]);
  });

  it('prefixes each problem with its check and reports documents that are not objects', () => {
    const objects: unknown[] = validManifests();
    podOf(objects as ReturnType<typeof validManifests>).container.image =
      'ghcr.io/acme/demo:latest';
    objects.push({ kind: 'Thing' });
    expect(runManifestChecks(objects)).toEqual([
      'object: document 8 has no apiVersion, kind or metadata.name',
      'image-tags: Deployment demo/demo container app: image ghcr.io/acme/demo:latest uses the latest tag',
    ]);
  });
});
