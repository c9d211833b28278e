import { checkImageTags, imageTag } from './checkImageTags';
import { podOf, validManifests } from './testing/validManifests';

describe('checkImageTags', () => {
  it('accepts version tags and digests', () => {
    const objects = validManifests();
    expect(checkImageTags(objects)).toEqual([]);
    podOf(
      objects,
    ).container.image = `registry.local:5000/acme/demo@sha256:${'a'.repeat(
      64,
    )}`;
    expect(checkImageTags(objects)).toEqual([]);
  });

  it.each([
    ['ghcr.io/acme/demo:latest', 'uses the latest tag'],
    ['ghcr.io/acme/demo', 'has no tag'],
    ['registry.local:5000/acme/demo', 'has no tag'],
  ])('reports %s', (image, problem) => {
    const objects = validManifests();
    podOf(objects).container.image = image;
    expect(checkImageTags(objects)).toEqual([
      `Deployment demo/demo container app: image ${image} ${problem}`,
    ]);
  });

  it('does not mistake a registry port for a tag', () => {
    expect(imageTag('registry.local:5000/acme/demo')).toBeUndefined();
    expect(imageTag('registry.local:5000/acme/demo:2.1')).toBe('2.1');
  });
});
