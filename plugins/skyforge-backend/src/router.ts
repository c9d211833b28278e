import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  COST_GROUP_BY,
  skyforgeCostSourcesReadPermission,
} from '@skyforge/plugin-skyforge-common';
import type { EntityCostService } from './service/EntityCostService';
import { daysInclusive, isValidDay } from './util/dates';
import { parseRequest } from './util/parseRequest';

/** The longest period one request may cover. */
const MAX_PERIOD_DAYS = 3 * 366;

const day = z.string().refine(isValidDay, {
  message: 'must be a calendar day in the form YYYY-MM-DD',
});

const costQuerySchema = z
  .object({
    from: day.optional(),
    to: day.optional(),
    // The last N days up to `to` (default: the latest day of data), so clients need not know
    // how fresh the data is.
    days: z.coerce.number().int().min(1).max(MAX_PERIOD_DAYS).optional(),
    granularity: z.enum(['day', 'month']).default('day'),
    groupBy: z.enum(COST_GROUP_BY).default('service'),
  })
  .superRefine((query, ctx) => {
    if (query.from && query.days) {
      ctx.addIssue({
        code: 'custom',
        path: ['days'],
        message: `cannot be combined with 'from'`,
      });
    }
    if (query.from && query.to) {
      if (query.from > query.to) {
        ctx.addIssue({
          code: 'custom',
          path: ['from'],
          message: `must not be after 'to'`,
        });
      } else if (daysInclusive(query.from, query.to) > MAX_PERIOD_DAYS) {
        ctx.addIssue({
          code: 'custom',
          path: ['from'],
          message: `the period may cover at most ${MAX_PERIOD_DAYS} days`,
        });
      }
    }
  });

const entityParamsSchema = z.object({
  namespace: z.string().min(1),
  kind: z.string().min(1),
  name: z.string().min(1),
});

/**
 * `GET /v1/entities/:namespace/:kind/:name/cost` (`skyforge.cost.read` on the entity, checked by
 * the cost service) and `GET /v1/cost/sources` (`skyforge.cost.sources.read`).
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  costService: EntityCostService;
}): Promise<express.Router> {
  const { httpAuth, permissions, costService } = options;
  const router = Router();
  router.use(express.json());

  router.get('/v1/entities/:namespace/:kind/:name/cost', async (req, res) => {
    const params = parseRequest(
      entityParamsSchema,
      req.params,
      'path parameter',
    );
    const query = parseRequest(costQuerySchema, req.query, 'query parameter');
    const credentials = await httpAuth.credentials(req);
    res.json(
      await costService.getEntityCost({
        entityRef: params,
        ...query,
        credentials,
      }),
    );
  });

  router.get('/v1/cost/sources', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: skyforgeCostSourcesReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('Not allowed to read the cost sources');
    }
    res.json({ sources: await costService.listSources() });
  });

  return router;
}
