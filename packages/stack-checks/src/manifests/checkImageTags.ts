import {
  type KubernetesObject,
  containersOf,
  describeContainer,
  podTemplates,
} from './kubernetesObjects';

/** The tag of an image reference, `undefined` when it has none (the registry port is not a tag). */
export function imageTag(image: string): string | undefined {
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return colon === -1 ? undefined : lastSegment.slice(colon + 1);
}

/** Every image is pinned to a digest or a version tag, never `latest` (kube-linter latest-tag). */
export function checkImageTags(objects: readonly KubernetesObject[]): string[] {
  const problems: string[] = [];
  for (const template of podTemplates(objects)) {
    for (const container of containersOf(template.spec)) {
      const image = container.value.image;
      const name = describeContainer(template, container);
      if (typeof image !== 'string' || image === '') {
        problems.push(`${name}: has no image`);
        continue;
      }
      if (/@sha256:[a-f0-9]{64}$/.test(image)) continue;
      const tag = imageTag(image);
      if (tag === undefined)
        problems.push(`${name}: image ${image} has no tag`);
      else if (tag === 'latest')
        problems.push(`${name}: image ${image} uses the latest tag`);
    }
  }
  return problems;
}
