import type { StackSpec } from '../spec/stackSpec';
import type { FileTree } from '../types';
import { renderApplyWorkflow } from './renderApplyWorkflow';
import { renderCatalogInfo } from './renderCatalogInfo';
import {
  DESTROY_WORKFLOW_PATH,
  renderDestroyWorkflow,
} from './renderDestroyWorkflow';
import { renderDocsArchitecture } from './renderDocsArchitecture';
import { renderDocsIndex } from './renderDocsIndex';
import { renderDocsLocalStack } from './renderDocsLocalStack';
import { renderDocsOperations } from './renderDocsOperations';
import { renderGitignore } from './renderGitignore';
import { renderMakefile } from './renderMakefile';
import { renderMkdocsConfig } from './renderMkdocsConfig';
import { renderPlanWorkflow } from './renderPlanWorkflow';
import {
  PUSH_IMAGE_SCRIPT_PATH,
  renderPushImageScript,
} from './pushImageScript';
import { renderReadme } from './renderReadme';
import { renderSkyforgeYaml } from './renderSkyforgeYaml';
import { renderValidateWorkflow } from './renderValidateWorkflow';
import { serverlessScripts } from './deployDispatch';

/**
 * The files of the rendered repository that are neither Terraform (`infra/`) nor Kustomize
 * (`deploy/`): the StackSpec, catalog entities, README, Makefile, CI workflows, TechDocs and
 * `.gitignore`. Paths are sorted; identical input gives byte-identical output.
 */
export function renderRepositoryFiles(spec: StackSpec): FileTree {
  const files: FileTree = {
    '.github/workflows/apply.yaml': renderApplyWorkflow(spec),
    [DESTROY_WORKFLOW_PATH]: renderDestroyWorkflow(spec),
    '.github/workflows/plan.yaml': renderPlanWorkflow(spec),
    '.github/workflows/validate.yaml': renderValidateWorkflow(spec),
    '.gitignore': renderGitignore(spec),
    Makefile: renderMakefile(spec),
    'README.md': renderReadme(spec),
    'catalog-info.yaml': renderCatalogInfo(spec),
    'docs/architecture.md': renderDocsArchitecture(spec),
    'docs/index.md': renderDocsIndex(spec),
    'docs/local-stack.md': renderDocsLocalStack(spec),
    'docs/operations.md': renderDocsOperations(spec),
    'mkdocs.yml': renderMkdocsConfig(spec),
    [PUSH_IMAGE_SCRIPT_PATH]: renderPushImageScript(spec),
    'skyforge.yaml': renderSkyforgeYaml(spec),
    ...serverlessScripts(spec),
  };
  return Object.fromEntries(
    Object.keys(files)
      .sort()
      .map(path => [path, files[path]!]),
  );
}
