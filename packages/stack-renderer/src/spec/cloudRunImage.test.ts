import { exampleSpecs } from '../testing/exampleSpecs';
import { StackSpecError, parseStackSpec } from './stackSpec';

type Input = {
  spec: { services: Record<string, boolean>; app: Record<string, unknown> };
};

/** dev-lab (Cloud Run) with `image`, with or without its registry: the messages on the image. */
function imageIssues(image: string, registry = false): string[] {
  const input = structuredClone(exampleSpecs['dev-lab']!) as Input;
  input.spec.services.registry = registry;
  input.spec.app.image = image;
  try {
    parseStackSpec(input);
    return [];
  } catch (error) {
    if (!(error instanceof StackSpecError)) throw error;
    return error.message
      .split('\n')
      .filter(line => line.includes('spec.app.image'))
      .map(line => line.trim());
  }
}

describe('spec.app.image on Cloud Run', () => {
  it('takes Artifact Registry, gcr.io, Docker Hub and GHCR images without the stack registry', () => {
    for (const image of [
      'europe-west4-docker.pkg.dev/acme/apps/lab:1.0.0',
      'eu.gcr.io/acme/lab:1.0.0',
      'nginx:1.27',
      'acme/lab:1.0.0',
      'docker.io/acme/lab:1.0.0',
      'ghcr.io/acme/lab:1.0.0',
    ]) {
      expect({ image, issues: imageIssues(image) }).toEqual({
        image,
        issues: [],
      });
    }
  });

  it('refuses another registry without the stack registry, naming the field and the way out', () => {
    expect(imageIssues('quay.io/acme/lab:1.0.0')).toEqual([
      expect.stringContaining(
        'spec.app.image: is on quay.io, and Cloud Run (dev, staging on GCP, without services.registry) deploys images from Artifact Registry, Docker Hub or public GitHub Container Registry only; turn on services.registry',
      ),
    ]);
    expect(
      imageIssues('123456789012.dkr.ecr.us-east-1.amazonaws.com/lab:1.0.0'),
    ).toHaveLength(1);
  });

  it('takes any registry when make image-push copies the image into the stack registry', () => {
    expect(imageIssues('quay.io/acme/lab:1.0.0', true)).toEqual([]);
  });
});
