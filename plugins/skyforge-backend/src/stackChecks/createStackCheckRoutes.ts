import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type StackCheckResponse,
  skyforgeStackCheckPermission,
} from '@skyforge/plugin-skyforge-common';
import {
  renderStack,
  stackSpecFromFields,
  type FileTree,
} from '@skyforge/stack-renderer';
import express from 'express';
import Router from 'express-promise-router';
import { checkFileTree } from './checkFileTree';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `POST /v1/stack-checks`: the policy check of the repository the Create form's values (the JSON
 * body, every step merged) would render, for callers allowed `skyforge.stack.check`. The values
 * are mapped to a StackSpec as the `skyforge:stack:render` action maps them, rendered in memory
 * and checked on a temporary copy; values that do not make a stack are refused with 400, naming
 * each field and its rule.
 */
export function createStackCheckRoutes(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Checks a rendered tree (default: `checkFileTree`, kubectl from the PATH). */
  check?: (files: FileTree) => Promise<StackCheckResponse>;
}): express.Router {
  const { httpAuth, permissions, check = checkFileTree } = options;
  const router = Router();
  // A check takes seconds of CPU (and `kubectl kustomize` runs synchronously): one at a time, so
  // that a burst of wizards queues here instead of starving the rest of the backend.
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  router.post('/v1/stack-checks', express.json(), async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: skyforgeStackCheckPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('Not allowed to run the stack policy checks');
    }
    if (!isPlainObject(req.body)) {
      throw new InputError(
        'Invalid request body: must be a JSON object of the Create form values',
      );
    }
    const result = stackSpecFromFields(req.body);
    if (!result.success) {
      throw new InputError(
        `Invalid form values: ${result.issues
          .map(issue => `'${issue.field}' ${issue.message}`)
          .join('; ')}`,
      );
    }
    const spec = result.spec;
    res.json(await oneAtATime(() => check(renderStack(spec).files)));
  });

  return router;
}
