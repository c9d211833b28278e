import { InputError } from '@backstage/errors';
import {
  renderStack,
  StackSpecError,
  validateStackSpec,
  type StackSpec,
} from '@skyforge/stack-renderer';
import {
  describeStackUpdateConflict,
  planStackUpdate,
  readRenderRecord,
  readStackDocument,
  RENDER_RECORD_PATH,
  SKYFORGE_YAML_PATH,
  type RenderRecord,
  type StackUpdatePlan,
} from '@skyforge/stack-renderer/repository';
import { renderCostFile } from '@skyforge/stack-renderer/cost';
import { parse } from 'yaml';
import type { StackSnapshot } from './GitHubStackRepository';

/** What an upgrade would do to a repository, before anything is written. */
export interface StackUpgrade {
  spec: StackSpec;
  /** The renderer version the repository's `skyforge.yaml` records. */
  fromVersion: string | undefined;
  plan: StackUpdatePlan;
  conflicts: Array<{ path: string; reason: string; message: string }>;
  /** Why the repository's render record was not used, when it was not. */
  recordProblem?: string;
}

function invalid(repositoryName: string, error: unknown): InputError {
  const detail =
    error instanceof StackSpecError
      ? error.issues.map(issue => `${issue.path}: ${issue.message}`).join('; ')
      : (error as Error).message;
  return new InputError(
    `${SKYFORGE_YAML_PATH} of ${repositoryName} is not a valid StackSpec: ${detail}`,
  );
}

/**
 * Plans the upgrade of a stack from a snapshot of its repository: reads `skyforge.yaml` and the
 * render record, renders the spec with the installed renderer (plus `COST.md`) and compares. Pure
 * apart from `readFile`, which downloads one file of the snapshot.
 */
export async function planStackUpgrade(options: {
  repositoryName: string;
  snapshot: StackSnapshot;
  readFile: (file: string) => Promise<string | undefined>;
}): Promise<StackUpgrade> {
  const { repositoryName, snapshot, readFile } = options;
  const text = await readFile(SKYFORGE_YAML_PATH);
  if (text === undefined) {
    throw new InputError(
      `${repositoryName} has no ${SKYFORGE_YAML_PATH} on ${snapshot.branch}; it was not rendered by Skyforge (or give stackPath)`,
    );
  }
  let document;
  try {
    document = readStackDocument(parse(text));
  } catch (error) {
    throw invalid(repositoryName, error);
  }
  const result = validateStackSpec(document.stack);
  if (!result.success) {
    throw invalid(repositoryName, new StackSpecError(result.issues));
  }
  const spec = result.spec;

  let record: RenderRecord | undefined;
  let recordProblem: string | undefined;
  const recordText = await readFile(RENDER_RECORD_PATH);
  if (recordText === undefined) {
    recordProblem = `${repositoryName} has no ${RENDER_RECORD_PATH} (it was rendered before renderer 0.2.0).`;
  } else {
    try {
      record = readRenderRecord(recordText);
    } catch (error) {
      recordProblem = `${(error as Error).message}.`;
    }
  }

  const plan = planStackUpdate({
    rendered: { ...renderStack(spec).files, ...renderCostFile(spec) },
    current: snapshot.files,
    record,
  });
  return {
    spec,
    fromVersion: document.rendererVersion,
    plan,
    conflicts: plan.conflicts.map(conflict => ({
      path: conflict.path,
      reason: conflict.reason,
      message: describeStackUpdateConflict(conflict),
    })),
    recordProblem,
  };
}
