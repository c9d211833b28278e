import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import type {
  EntityHealthResponse,
  FleetResponse,
} from '@skyforge/plugin-skyforge-common';
import express from 'express';
import request from 'supertest';
import type { FleetService } from '../fleet/FleetService';
import { createHealthRoutes } from './createHealthRoutes';
import type { HealthService } from './HealthService';

const credentials = mockCredentials.user('user:default/alice');

function setup() {
  const health: EntityHealthResponse = {
    entityRef: 'component:default/checkout',
    view: 'workloads',
    status: 'healthy',
    reasons: [],
    clusters: [],
    generatedAt: '2025-11-24T10:00:00.000Z',
  };
  const fleet: FleetResponse = {
    clusters: [],
    hiddenCount: 0,
    owners: [],
    clouds: [],
    generatedAt: '2025-11-24T10:00:00.000Z',
  };
  const healthService: jest.Mocked<HealthService> = {
    getEntityHealth: jest.fn().mockResolvedValue(health),
  };
  const fleetService: jest.Mocked<FleetService> = {
    getFleet: jest.fn().mockResolvedValue(fleet),
  };
  const app = express();
  app.use(
    createHealthRoutes({
      healthService,
      fleetService,
      httpAuth: mockServices.httpAuth({ defaultCredentials: credentials }),
    }),
  );
  app.use(mockErrorHandler());
  return { app, healthService, fleetService, health, fleet };
}

describe('createHealthRoutes', () => {
  it("passes the entity and the caller's credentials to the health service", async () => {
    const { app, healthService, health } = setup();
    const response = await request(app).get(
      '/v1/entities/default/component/checkout/health',
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual(health);
    expect(healthService.getEntityHealth).toHaveBeenCalledWith({
      entityRef: { namespace: 'default', kind: 'component', name: 'checkout' },
      credentials,
    });
  });

  it("answers the service's errors with their status", async () => {
    const { app, healthService } = setup();
    healthService.getEntityHealth.mockRejectedValue(
      new NotAllowedError("Not allowed to read the health of 'x'"),
    );
    const response = await request(app).get(
      '/v1/entities/default/component/checkout/health',
    );
    expect(response.status).toBe(403);
    expect(response.body.error.name).toBe('NotAllowedError');
  });

  it('answers 400 naming the parameter', async () => {
    const { app, healthService, fleetService } = setup();
    const entity = await request(app).get(
      `/v1/entities/default/component/${'x'.repeat(300)}/health`,
    );
    expect(entity.status).toBe(400);
    expect(entity.body.error).toMatchObject({
      name: 'InputError',
      message: expect.stringContaining("Invalid path parameter 'name'"),
    });
    const fleet = await request(app).get('/v1/fleet?owner=');
    expect(fleet.status).toBe(400);
    expect(fleet.body.error.message).toContain(
      "Invalid query parameter 'owner'",
    );
    expect(healthService.getEntityHealth).not.toHaveBeenCalled();
    expect(fleetService.getFleet).not.toHaveBeenCalled();
  });

  it('passes the fleet filters and the credentials to the fleet service', async () => {
    const { app, fleetService, fleet } = setup();
    const response = await request(app).get(
      '/v1/fleet?owner=group:default/platform&cloud=aws',
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual(fleet);
    expect(fleetService.getFleet).toHaveBeenCalledWith({
      owner: 'group:default/platform',
      cloud: 'aws',
      credentials,
    });
  });
});
