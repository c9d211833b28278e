import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { skyforgeHealthReadPermission } from '@skyforge/plugin-skyforge-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { HealthService } from './HealthService';

const entityParamsSchema = z.object({
  namespace: z.string().min(1).max(253),
  kind: z.string().min(1).max(253),
  name: z.string().min(1).max(253),
});

/**
 * `GET /v1/entities/:namespace/:kind/:name/health`: the entity's health, for callers allowed
 * `skyforge.health.read` on that catalog entity.
 */
export function createHealthRoutes(options: {
  healthService: HealthService;
  catalog: CatalogService;
  permissions: PermissionsService;
  httpAuth: HttpAuthService;
}): express.Router {
  const { healthService, catalog, permissions, httpAuth } = options;
  const router = Router();

  router.get('/v1/entities/:namespace/:kind/:name/health', async (req, res) => {
    const parsed = entityParamsSchema.safeParse(req.params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(
        `Invalid path parameter '${issue.path.join('.')}': ${issue.message}`,
      );
    }
    const credentials = await httpAuth.credentials(req);
    const entityRef = stringifyEntityRef(parsed.data);
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity '${entityRef}'`);
    }
    const [decision] = await permissions.authorize(
      [
        {
          permission: skyforgeHealthReadPermission,
          resourceRef: stringifyEntityRef(entity),
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to read the health of '${entityRef}'`,
      );
    }
    res.json(await healthService.getEntityHealth({ entity, credentials }));
  });

  return router;
}
