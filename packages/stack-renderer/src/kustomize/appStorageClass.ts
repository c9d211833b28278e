import type { StackSpec } from '../spec/stackSpec';
import type { KustomizeFile } from './kustomizeFiles';
import { kustomizeNames } from './kustomizeNames';

/** Name of the stack's SSD StorageClass: the same on every cloud, so a claim works anywhere. */
export function storageClassName(spec: StackSpec): string {
  return `${kustomizeNames(spec).app}-ssd`;
}

/**
 * An SSD StorageClass for the application's volumes. WaitForFirstConsumer creates the disk in
 * the zone where the pod is scheduled, so a claim never pins a pod to a zone without capacity.
 */
export function appStorageClass(options: {
  spec: StackSpec;
  provisioner: string;
  parameters: Record<string, string>;
  comment: readonly string[];
}): KustomizeFile {
  return {
    file: 'storage-class.yaml',
    comment: options.comment,
    value: {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: storageClassName(options.spec) },
      provisioner: options.provisioner,
      parameters: options.parameters,
      reclaimPolicy: 'Delete',
      allowVolumeExpansion: true,
      volumeBindingMode: 'WaitForFirstConsumer',
    },
  };
}
