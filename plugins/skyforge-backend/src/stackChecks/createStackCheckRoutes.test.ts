import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { skyforgeStackCheckPermission } from '@skyforge/plugin-skyforge-common';
import { renderStack, stackSpecFromFields } from '@skyforge/stack-renderer';
import express from 'express';
import request from 'supertest';
import { checkFileTree } from './checkFileTree';
import { createStackCheckRoutes } from './createStackCheckRoutes';

jest.setTimeout(120_000);

/** The Create form's values (kubernetes-platform template) on its last page. */
const form = {
  name: 'payments-api',
  owner: 'group:default/payments',
  cloud: 'aws',
  region: 'us-east-1',
  environments: ['dev', 'prod'],
  size: 'small',
  spot: 'dev',
  gpu: false,
  postgres: true,
  redis: false,
  objectStorage: true,
  registry: true,
  monitoring: false,
  image: 'ghcr.io/acme/payments-api:1.4.2',
  port: 8080,
  budget: 2000,
  currency: 'USD',
  costEstimate: 1234,
  repoUrl: 'github.com?owner=acme&repo=payments-infra',
};

function setup(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockResolvedValue([{ result }]);
  const app = express();
  app.use(
    createStackCheckRoutes({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.user('user:default/alice'),
      }),
      permissions,
    }),
  );
  app.use(mockErrorHandler());
  return { app, permissions };
}

describe('POST /v1/stack-checks', () => {
  it('refuses callers without skyforge.stack.check', async () => {
    const { app, permissions } = setup(AuthorizeResult.DENY);
    const response = await request(app).post('/v1/stack-checks').send(form);
    expect(response.status).toBe(403);
    expect(response.body.error.name).toBe('NotAllowedError');
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: skyforgeStackCheckPermission }],
      expect.anything(),
    );
  });

  it('answers 400 naming each field and its rule', async () => {
    const { app } = setup(AuthorizeResult.ALLOW);
    const response = await request(app)
      .post('/v1/stack-checks')
      .send({ ...form, size: 'huge', name: 'Payments API' });
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toMatch(/'size' must be one of/);
    expect(response.body.error.message).toMatch(/'name' must /);

    const notAnObject = await request(app)
      .post('/v1/stack-checks')
      .send([form]);
    expect(notAnObject.status).toBe(400);
    expect(notAnObject.body.error.message).toContain('must be a JSON object');
  });

  it('renders and checks the stack of valid form values: it passes', async () => {
    const { app } = setup(AuthorizeResult.ALLOW);
    const response = await request(app).post('/v1/stack-checks').send(form);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ passed: true, findings: [] });
    expect(response.body.terraformFiles).toBeGreaterThan(10);
    // The manifest checks ran on both overlays with kubectl, or say why they were skipped.
    expect(
      response.body.overlays.length + response.body.skipped.length,
    ).toBeGreaterThan(0);
  });
});

describe('checkFileTree', () => {
  it('names the rule, file and block of a setting tampered after rendering', async () => {
    const result = stackSpecFromFields(form);
    if (!result.success) throw new Error(JSON.stringify(result.issues));
    const files = { ...renderStack(result.spec).files };
    const tampered = Object.keys(files)
      .sort()
      .find(file => /block_public_acls\s*= true/.test(files[file]));
    if (!tampered) throw new Error('no public access block rendered');
    files[tampered] = files[tampered].replace(
      /block_public_acls(\s*)= true/,
      'block_public_acls$1= false',
    );

    const report = await checkFileTree(files);

    expect(report.passed).toBe(false);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        family: 'security',
        rule: 'CKV2_AWS_6',
        file: tampered,
      }),
    );
  });

  it('reports the manifest checks as skipped without kubectl, naming no temporary path', async () => {
    const result = stackSpecFromFields(form);
    if (!result.success) throw new Error(JSON.stringify(result.issues));
    const report = await checkFileTree(renderStack(result.spec).files, {
      kubectl: '/nonexistent/kubectl',
    });
    expect(report.overlays).toEqual([]);
    expect(report.skipped).toHaveLength(1);
    expect(report.skipped[0]).toMatch(/^manifest checks of deploy\/overlays\//);
    expect(report.skipped[0]).not.toContain('skyforge-check-');
  });
});
