import path from 'node:path';
import {
  ANNOTATION_LOCATION,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import { ANNOTATION_STACK } from '@skyforge/plugin-skyforge-common';
import { normalizeTargetPath } from '../actions/writeFileTree';

/** Where a stack lives: a GitHub repository and the folder of its `skyforge.yaml`. */
export interface StackRepository {
  host: string;
  owner: string;
  repo: string;
  /** Folder of `skyforge.yaml` in the repository, POSIX, '' for the root. */
  directory: string;
}

/**
 * Locates a stack from a catalog entity Skyforge rendered: its `skyforge.io/stack` annotation
 * (`./skyforge.yaml`) resolved against the location the entity was registered from, the way
 * Backstage resolves relative `dir:` references. The URL must be a GitHub URL of a configured
 * integration, of the form `https://<host>/<owner>/<repo>/(blob|tree)/<branch>/<path>` that
 * `catalog:register` and GitHub discovery produce.
 */
export function stackRepositoryFromEntity(options: {
  entity: Entity;
  integrations: ScmIntegrationRegistry;
}): StackRepository {
  const { entity, integrations } = options;
  const ref = stringifyEntityRef(entity);
  const stack = entity.metadata.annotations?.[ANNOTATION_STACK];
  if (!stack) {
    throw new InputError(
      `${ref} has no ${ANNOTATION_STACK} annotation; only entities rendered by Skyforge can be upgraded`,
    );
  }
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? '';
  if (!location.startsWith('url:')) {
    throw new InputError(
      `${ref} was registered from "${location}", not from a repository URL, so its repository is unknown; give repoUrl instead`,
    );
  }
  const url = integrations.resolveUrl({
    url: stack,
    base: location.slice('url:'.length),
  });
  const integration = integrations.github.byUrl(url);
  if (!integration) {
    throw new InputError(
      `${ref}: ${url} is not on a GitHub host configured under integrations.github`,
    );
  }
  const segments = new URL(url).pathname
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  const [owner, repo, kind, , ...file] = segments;
  if (!owner || !repo || !['blob', 'tree'].includes(kind) || !file.length) {
    throw new InputError(
      `${ref}: cannot read a repository and file from ${url} (expected https://${integration.config.host}/<owner>/<repo>/blob/<branch>/<path>)`,
    );
  }
  const directory = path.posix.dirname(file.join('/'));
  return {
    host: integration.config.host,
    owner,
    repo,
    directory: directory === '.' ? '' : normalizeTargetPath(directory),
  };
}

/** Locates a stack from a `RepoUrlPicker` value and the folder of its `skyforge.yaml`. */
export function stackRepositoryFromRepoUrl(options: {
  repoUrl: string;
  directory?: string;
  integrations: ScmIntegrationRegistry;
}): StackRepository {
  const { host, owner, repo } = parseRepoUrl(
    options.repoUrl,
    options.integrations,
  );
  if (!owner || !repo) {
    throw new InputError(
      `repoUrl "${options.repoUrl}" must name an owner and a repository, e.g. github.com?owner=acme&repo=payments-infra`,
    );
  }
  if (!options.integrations.github.byHost(host)) {
    throw new InputError(
      `repoUrl "${options.repoUrl}": ${host} is not a GitHub host configured under integrations.github`,
    );
  }
  return {
    host,
    owner,
    repo,
    directory: normalizeTargetPath(options.directory),
  };
}
