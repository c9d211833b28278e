import type { Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import type { FileTree } from '../types';
import { awsComponent } from './awsComponent';
import { azureComponent } from './azureComponent';
import { gcpComponent } from './gcpComponent';
import { patchEntries, writeKustomizeFiles } from './kustomizeFiles';
import { contractLabels, labelsEntry } from './kustomizeNames';
import { yamlDocument } from './yamlDocument';
import type { CloudComponent } from './cloudComponent';

const CLOUD_COMPONENTS: Record<Cloud, (spec: StackSpec) => CloudComponent> = {
  aws: awsComponent,
  gcp: gcpComponent,
  azure: azureComponent,
};

/** `deploy/components/<cloud>/`: ingress controller, workload identity, storage class and network rules. */
export function renderCloudComponent(options: {
  spec: StackSpec;
  cloud: Cloud;
}): FileTree {
  const { spec, cloud } = options;
  const component = CLOUD_COMPONENTS[cloud](spec);
  const directory = `deploy/components/${cloud}`;
  const files: FileTree = {};
  writeKustomizeFiles({
    files,
    directory,
    entries: [...component.resources, ...component.patches],
  });
  files[`${directory}/kustomization.yaml`] = yamlDocument({
    comment: component.comment,
    value: {
      apiVersion: 'kustomize.config.k8s.io/v1alpha1',
      kind: 'Component',
      // The objects added here carry the same attribution labels as the base.
      labels: [labelsEntry(contractLabels(spec))],
      resources: component.resources.map(resource => resource.file),
      patches: patchEntries(component.patches),
    },
  });
  return files;
}
