import type { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { FleetService } from '../fleet/FleetService';
import { parseRequest } from '../util/parseRequest';
import type { HealthService } from './HealthService';

const entityParamsSchema = z.object({
  namespace: z.string().min(1).max(253),
  kind: z.string().min(1).max(253),
  name: z.string().min(1).max(253),
});

const fleetQuerySchema = z.object({
  owner: z.string().min(1).max(1000).optional(),
  cloud: z.string().min(1).max(100).optional(),
});

/**
 * `GET /v1/entities/:namespace/:kind/:name/health`: an entity's health, for callers allowed
 * `skyforge.health.read` on it. `GET /v1/fleet?owner=&cloud=`: every cluster with its health and
 * cost, for callers allowed to read the Kubernetes backend's clusters.
 */
export function createHealthRoutes(options: {
  healthService: HealthService;
  fleetService: FleetService;
  httpAuth: HttpAuthService;
}): express.Router {
  const { healthService, fleetService, httpAuth } = options;
  const router = Router();

  router.get('/v1/entities/:namespace/:kind/:name/health', async (req, res) => {
    const entityRef = parseRequest(
      entityParamsSchema,
      req.params,
      'path parameter',
    );
    const credentials = await httpAuth.credentials(req);
    res.json(await healthService.getEntityHealth({ entityRef, credentials }));
  });

  router.get('/v1/fleet', async (req, res) => {
    const query = parseRequest(fleetQuerySchema, req.query, 'query parameter');
    const credentials = await httpAuth.credentials(req);
    res.json(await fleetService.getFleet({ ...query, credentials }));
  });

  return router;
}
