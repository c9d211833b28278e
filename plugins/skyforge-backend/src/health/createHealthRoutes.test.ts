import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { EntityHealthResponse } from '@skyforge/plugin-skyforge-common';
import express from 'express';
import request from 'supertest';
import { createHealthRoutes } from './createHealthRoutes';
import type { HealthService } from './HealthService';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/storefront',
    lifecycle: 'production',
  },
};

function setup(result: AuthorizeResult) {
  const health: EntityHealthResponse = {
    entityRef: 'component:default/checkout',
    status: 'healthy',
    reasons: [],
    clusters: [],
    generatedAt: '2025-11-24T10:00:00.000Z',
  };
  const healthService: jest.Mocked<HealthService> = {
    getEntityHealth: jest.fn().mockResolvedValue(health),
  };
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockResolvedValue([{ result } as any]);
  const app = express();
  app.use(
    createHealthRoutes({
      healthService,
      catalog: catalogServiceMock({ entities: [entity] }),
      permissions,
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.user('user:default/alice'),
      }),
    }),
  );
  app.use(mockErrorHandler());
  return { app, healthService, permissions, health };
}

describe('createHealthRoutes', () => {
  it('returns the health of an entity the caller may read', async () => {
    const { app, healthService, permissions, health } = setup(
      AuthorizeResult.ALLOW,
    );
    const response = await request(app).get(
      '/v1/entities/default/component/checkout/health',
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual(health);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({ name: 'skyforge.health.read' }),
          resourceRef: 'component:default/checkout',
        },
      ],
      { credentials: mockCredentials.user('user:default/alice') },
    );
    expect(healthService.getEntityHealth).toHaveBeenCalledWith(
      expect.objectContaining({
        entity: expect.objectContaining({ metadata: entity.metadata }),
      }),
    );
  });

  it('answers 403 when the permission is denied', async () => {
    const { app, healthService } = setup(AuthorizeResult.DENY);
    const response = await request(app).get(
      '/v1/entities/default/component/checkout/health',
    );
    expect(response.status).toBe(403);
    expect(response.body.error.name).toBe('NotAllowedError');
    expect(healthService.getEntityHealth).not.toHaveBeenCalled();
  });

  it('answers 404 naming the entity in quotes when it is not in the catalog', async () => {
    const { app } = setup(AuthorizeResult.ALLOW);
    const response = await request(app).get(
      '/v1/entities/default/component/nope/health',
    );
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({
      name: 'NotFoundError',
      message: "No entity 'component:default/nope'",
    });
  });

  it('answers 400 for invalid parameters', async () => {
    const { app } = setup(AuthorizeResult.ALLOW);
    const response = await request(app).get(
      `/v1/entities/default/component/${'x'.repeat(300)}/health`,
    );
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      name: 'InputError',
      message: expect.stringContaining("'name'"),
    });
  });
});
