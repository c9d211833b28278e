import type { StackSpec } from '../spec/stackSpec';
import type { KustomizeFile } from './kustomizeFiles';
import { kustomizeNames } from './kustomizeNames';

/** Name of the stack's SSD StorageClass: the same on every cloud, so a claim works anywhere. */
export function storageClassName(spec: StackSpec): string {
  return `${kustomizeNames(spec).app}-ssd`;
}

/** The SSD class whose volumes outlive their claim (reclaimPolicy Retain). */
function retainedStorageClassName(spec: StackSpec): string {
  return `${storageClassName(spec)}-retain`;
}

/** The provisioned-IOPS class (EBS io2 and its closest equivalents). */
function iopsStorageClassName(spec: StackSpec): string {
  return `${kustomizeNames(spec).app}-iops`;
}

function storageClass(options: {
  file: string;
  name: string;
  provisioner: string;
  parameters: Record<string, string>;
  reclaimPolicy: 'Delete' | 'Retain';
  isDefault?: boolean;
  comment: readonly string[];
}): KustomizeFile {
  return {
    file: options.file,
    comment: options.comment,
    value: {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: options.name,
        ...(options.isDefault
          ? {
              annotations: {
                'storageclass.kubernetes.io/is-default-class': 'true',
              },
            }
          : {}),
      },
      provisioner: options.provisioner,
      parameters: options.parameters,
      reclaimPolicy: options.reclaimPolicy,
      allowVolumeExpansion: true,
      volumeBindingMode: 'WaitForFirstConsumer',
    },
  };
}

/**
 * The stack's StorageClasses on one cloud: `<app>-ssd` (the general SSD, encrypted), its twin
 * `<app>-ssd-retain` whose disks survive the claim's deletion (databases, anything restored by
 * hand), and `<app>-iops` with provisioned IOPS. WaitForFirstConsumer creates each disk in the
 * zone where the pod is scheduled, so a claim never pins a pod to a zone without capacity.
 */
export function appStorageClasses(options: {
  spec: StackSpec;
  provisioner: string;
  parameters: Record<string, string>;
  comment: readonly string[];
  /** Mark `<app>-ssd` as the cluster default (only where the cloud installs no default class). */
  isDefault?: boolean;
  iops: { parameters: Record<string, string>; comment: readonly string[] };
}): KustomizeFile[] {
  const { spec, provisioner } = options;
  return [
    storageClass({
      file: 'storage-class.yaml',
      name: storageClassName(spec),
      provisioner,
      parameters: options.parameters,
      reclaimPolicy: 'Delete',
      isDefault: options.isDefault,
      comment: options.comment,
    }),
    storageClass({
      file: 'storage-class-retain.yaml',
      name: retainedStorageClassName(spec),
      provisioner,
      parameters: options.parameters,
      reclaimPolicy: 'Retain',
      comment: [
        `As ${storageClassName(
          spec,
        )}, but the disk stays when its claim is deleted (reclaimPolicy Retain):`,
        'for data that must survive a mistaken kubectl delete. Delete such disks by hand.',
      ],
    }),
    storageClass({
      file: 'storage-class-iops.yaml',
      name: iopsStorageClassName(spec),
      provisioner,
      parameters: options.iops.parameters,
      reclaimPolicy: 'Delete',
      comment: options.iops.comment,
    }),
  ];
}
