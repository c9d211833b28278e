import { runManifestChecks } from './runManifestChecks';
import { podOf, validManifests } from './testing/validManifests';

describe('runManifestChecks', () => {
  it('finds nothing in a clean build', () => {
    expect(runManifestChecks(validManifests())).toEqual([]);
  });

  it('names each problem after its check and reports documents that are not objects', () => {
    const objects: unknown[] = validManifests();
    podOf(objects as ReturnType<typeof validManifests>).container.image =
      'ghcr.io/acme/demo:latest';
    objects.push({ kind: 'Thing' });
    expect(runManifestChecks(objects)).toEqual([
      {
        rule: 'object',
        message: 'document 8 has no apiVersion, kind or metadata.name',
      },
      {
        rule: 'image-tags',
        message:
          'Deployment demo/demo container app: image ghcr.io/acme/demo:latest uses the latest tag',
      },
    ]);
  });
});
