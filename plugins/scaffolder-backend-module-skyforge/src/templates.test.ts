import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  createMockDirectory,
  mockCredentials,
} from '@backstage/backend-test-utils';
import {
  catalogEntityRefs,
  parseStackSpec,
  renderStack,
} from '@skyforge/stack-renderer';
import {
  estimateCost,
  renderCostMarkdown,
} from '@skyforge/stack-renderer/cost';
import request from 'supertest';
import yaml from 'yaml';
import { readDirectoryTree } from './__testUtils__/readDirectoryTree';
import {
  startGitHubDouble,
  type GitHubDouble,
} from './__testUtils__/startGitHubDouble';
import { startScaffolderTestBackend } from './__testUtils__/startScaffolderTestBackend';
import { dryRunFiles, dryRunTemplate } from './__testUtils__/templateDryRun';
import { platformTemplateValues } from './__testUtils__/platformTemplateValues';
import { waitFor } from './__testUtils__/waitFor';

const run = promisify(execFile);

/** The StackSpec those values describe; the expected tree is rendered from it directly. */
function platformSpec(
  values: typeof platformTemplateValues & {
    gcpProjects?: Record<string, string>;
  },
) {
  return parseStackSpec({
    apiVersion: 'skyforge.io/v1alpha1',
    kind: 'Stack',
    metadata: {
      name: values.name,
      owner: values.owner,
      system: values.system,
      description: values.description,
    },
    spec: {
      clouds: values.clouds,
      // The form holds a region per cloud; the chosen clouds' are the stack's.
      regions: Object.fromEntries(
        values.clouds.map(cloud => [
          cloud,
          values.regions[cloud as keyof typeof values.regions],
        ]),
      ),
      ...(values.gcpProjects ? { gcp: { projects: values.gcpProjects } } : {}),
      environments: values.environments,
      size: values.size,
      cluster: {
        kubernetesVersion: values.kubernetesVersion,
        gpu: values.gpu,
        spot: values.spot,
      },
      services: {
        postgres: values.postgres,
        redis: values.redis,
        objectStorage: values.objectStorage,
        registry: values.registry,
        monitoring: values.monitoring,
      },
      app: {
        image: values.image,
        port: values.port,
        ingress: { host: values.ingressHost },
      },
      budget: { monthly: values.budget, currency: values.currency },
      alerts: { email: values.alertEmail },
    },
  });
}

function expectedPlatformTree(values: Parameters<typeof platformSpec>[0]) {
  const spec = platformSpec(values);
  return {
    ...renderStack(spec).files,
    'COST.md': renderCostMarkdown(estimateCost(spec), spec),
  };
}

// The first dry run starts the scaffolder's template machinery; give loaded machines time.
jest.setTimeout(60_000);

describe('Skyforge templates through the real scaffolder', () => {
  describe('dry run (template editor), without any GitHub token', () => {
    const mockDir = createMockDirectory();
    let backend: Awaited<ReturnType<typeof startScaffolderTestBackend>>;

    beforeAll(async () => {
      backend = await startScaffolderTestBackend({
        workingDirectory: mockDir.resolve('work'),
      });
    });
    afterAll(() => backend?.stop());

    it.each([
      ['aws', { clouds: ['aws'] }],
      [
        'gcp',
        {
          clouds: ['gcp'],
          gcpProjects: {
            dev: 'acme-payments-dev',
            staging: 'acme-payments-staging',
            prod: 'acme-payments-prod',
          },
        },
      ],
      ['azure', { clouds: ['azure'], gpu: true }],
    ])(
      'renders the Kubernetes platform template on %s',
      async (cloud, choice) => {
        const values = { ...platformTemplateValues, ...choice };
        const response = await dryRunTemplate({
          server: backend.server,
          template: 'kubernetes-platform',
          values,
        });
        expect({
          status: response.status,
          errors: response.body.errors,
        }).toEqual({
          status: 200,
          errors: undefined,
        });

        const files = dryRunFiles(response.body);
        expect(Object.keys(files)).toEqual(
          expect.arrayContaining([
            'catalog-info.yaml',
            'skyforge.yaml',
            'COST.md',
            'Makefile',
            `infra/bootstrap/${cloud}/main.tf`,
            `infra/envs/dev/${cloud}/main.tf`,
            `infra/envs/prod/${cloud}/versions.tf`,
            `infra/modules/cluster/${cloud}/main.tf`,
            'deploy/base/kustomization.yaml',
            `deploy/overlays/dev-${cloud}/kustomization.yaml`,
            `deploy/overlays/prod-${cloud}/kustomization.yaml`,
            '.github/workflows/plan.yaml',
          ]),
        );
        // Every file, byte for byte, is what the renderer makes of the form's values.
        expect(files).toEqual(expectedPlatformTree(values));

        // publish:github and catalog:register do not support dry run: the scaffolder skips them.
        const log = response.body.log.map(
          (entry: { body: { message: string } }) => entry.body.message,
        );
        expect(log).toEqual(
          expect.arrayContaining([
            expect.stringMatching(
              /Skipping because publish:github does not support dry-run/,
            ),
            expect.stringMatching(
              /Skipping because catalog:register does not support dry-run/,
            ),
          ]),
        );
        expect(response.body.output.links).toEqual(
          expect.arrayContaining([
            {
              title: 'Open in catalog',
              icon: 'catalog',
              entityRef: 'component:default/payments-api',
            },
          ]),
        );
        // The render step's policy check (skyforge check) is part of the template's output.
        expect(response.body.output.text).toContainEqual({
          title: 'Policy check',
          content: expect.stringMatching(
            /^No findings in [1-9]\d* Terraform files and [1-9]\d* Kustomize overlays/,
          ),
        });
      },
    );

    it('refuses a region of another cloud before running any step', async () => {
      const response = await dryRunTemplate({
        server: backend.server,
        template: 'kubernetes-platform',
        values: {
          ...platformTemplateValues,
          clouds: ['gcp'],
          regions: { ...platformTemplateValues.regions, gcp: 'us-east-1' },
          gcpProjects: { dev: 'acme-payments-dev', prod: 'acme-payments-prod' },
        },
      });
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.errors)).toContain('regions.gcp');
    });

    it('renders the service template: Kustomize, CI and catalog-info.yaml, no Terraform', async () => {
      const response = await dryRunTemplate({
        server: backend.server,
        template: 'service-on-platform',
        values: {
          name: 'orders',
          owner: 'group:default/payments',
          system: 'system:default/payments',
          cluster: 'resource:default/payments-api-prod-aws-cluster',
          environment: 'prod',
          image: 'ghcr.io/acme/orders:1.0.0',
          port: 8080,
          healthPath: '/healthz',
          minReplicas: 2,
          maxReplicas: 6,
          repoUrl: 'github.com?owner=acme&repo=orders',
        },
      });
      expect({ status: response.status, errors: response.body.errors }).toEqual(
        {
          status: 200,
          errors: undefined,
        },
      );
      const files = dryRunFiles(response.body);
      expect(Object.keys(files)).toEqual([
        '.github/workflows/validate.yaml',
        'README.md',
        'catalog-info.yaml',
        'deploy/base/deployment.yaml',
        'deploy/base/horizontal-pod-autoscaler.yaml',
        'deploy/base/kustomization.yaml',
        'deploy/base/namespace.yaml',
        'deploy/base/network-policy.yaml',
        'deploy/base/pod-disruption-budget.yaml',
        'deploy/base/service-account.yaml',
        'deploy/base/service.yaml',
        'deploy/overlays/prod/kustomization.yaml',
      ]);

      const entity = yaml.parse(files['catalog-info.yaml']);
      expect(entity).toMatchObject({
        kind: 'Component',
        metadata: {
          name: 'orders',
          description: 'Service orders',
          annotations: {
            'backstage.io/kubernetes-id': 'orders',
            'skyforge.io/cost-selector':
              'skyforge-component=orders,environment=prod',
          },
        },
        spec: {
          owner: 'group:default/payments',
          system: 'system:default/payments',
          dependsOn: ['resource:default/payments-api-prod-aws-cluster'],
        },
      });

      // The overlay builds with kubectl, and every object carries the attribution labels.
      const checkout = mockDir.resolve('service');
      for (const [file, content] of Object.entries(files)) {
        await fs.mkdir(path.dirname(path.join(checkout, file)), {
          recursive: true,
        });
        await fs.writeFile(path.join(checkout, file), content);
      }
      const { stdout } = await run('kubectl', [
        'kustomize',
        path.join(checkout, 'deploy/overlays/prod'),
      ]);
      const objects = yaml
        .parseAllDocuments(stdout)
        .map(document => document.toJS());
      expect(objects.map(object => object.kind).sort()).toEqual([
        'Deployment',
        'HorizontalPodAutoscaler',
        'Namespace',
        'NetworkPolicy',
        'PodDisruptionBudget',
        'Service',
        'ServiceAccount',
      ]);
      for (const object of objects) {
        expect(object.metadata.labels).toMatchObject({
          'backstage.io/kubernetes-id': 'orders',
          'app.kubernetes.io/name': 'orders',
          'app.kubernetes.io/part-of': 'payments',
          environment: 'prod',
        });
      }
      const deployment = objects.find(object => object.kind === 'Deployment');
      expect(deployment.metadata.namespace).toBe('orders');
      expect(deployment.spec.template.spec.containers[0]).toMatchObject({
        image: 'ghcr.io/acme/orders:1.0.0',
        securityContext: {
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
        },
      });
    });
  });

  describe('a real task publishing to a local GitHub double with recorded responses and a real git http-backend', () => {
    const mockDir = createMockDirectory();
    let github: GitHubDouble;
    let backend: Awaited<ReturnType<typeof startScaffolderTestBackend>>;

    beforeAll(async () => {
      await fs.mkdir(mockDir.resolve('git'), { recursive: true });
      github = await startGitHubDouble({
        gitRoot: mockDir.resolve('git'),
        token: 'test-token',
      });
      backend = await startScaffolderTestBackend({
        workingDirectory: mockDir.resolve('work'),
        github,
      });
    });
    afterAll(async () => {
      await backend?.stop();
      await github?.stop();
    });

    it('creates the repository, pushes the rendered tree and registers the entities', async () => {
      const authorization = mockCredentials.user.header();
      // The template comes from the catalog (templates/all.yaml), as in the running app.
      await waitFor('the template in the catalog', async () => {
        const response = await request(backend.server)
          .get(
            '/api/catalog/entities/by-name/template/default/skyforge-kubernetes-platform',
          )
          .set('Authorization', authorization);
        return response.status === 200 ? true : undefined;
      });

      const values = {
        ...platformTemplateValues,
        repoUrl: `${github.host}?owner=acme&repo=payments-infra`,
      };
      const created = await request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', authorization)
        .send({
          templateRef: 'template:default/skyforge-kubernetes-platform',
          values,
        });
      expect(created.status).toBe(201);

      const task = await waitFor('the task to finish', async () => {
        const response = await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set('Authorization', authorization);
        return ['completed', 'failed', 'cancelled'].includes(
          response.body.status,
        )
          ? response.body
          : undefined;
      });
      if (task.status !== 'completed') {
        const events = await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
          .set('Authorization', authorization);
        throw new Error(
          `Task ${task.status}: ${events.body
            .map((event: { body: { message: string } }) => event.body.message)
            .join('\n')}\nThe GitHub double saw: ${github.requests
            .map(entry => `${entry.method} ${entry.path} ${entry.status ?? ''}`)
            .join(', ')}`,
        );
      }

      // The repository was created in the organisation with the requested settings.
      const createRepository = github.requests.find(
        entry => entry.method === 'POST' && entry.path === '/orgs/acme/repos',
      );
      expect(createRepository?.body).toMatchObject({
        name: 'payments-infra',
        private: true,
        visibility: 'private',
        description: 'Payments API platform',
      });
      expect(createRepository?.authorization).toBe('token test-token');
      expect(
        github.requests.find(
          entry =>
            entry.method === 'PUT' &&
            entry.path === '/repos/acme/payments-infra/topics',
        )?.body,
      ).toEqual({ names: ['skyforge', 'kubernetes'] });
      // Branch protection went to main, and main is the only branch the push created.
      expect(
        github.requests.some(
          entry =>
            entry.method === 'PUT' &&
            entry.path ===
              '/repos/acme/payments-infra/branches/main/protection',
        ),
      ).toBe(true);
      const bare = path.join(github.gitRoot, 'acme', 'payments-infra.git');
      const refs = await run('git', [
        '-C',
        bare,
        'for-each-ref',
        '--format=%(refname)',
      ]);
      expect(refs.stdout.trim().split('\n')).toEqual(['refs/heads/main']);

      // A clone of what was pushed is the rendered tree plus COST.md, file by file.
      const clone = mockDir.resolve('clone');
      await run('git', [
        '-c',
        `http.extraHeader=Authorization: Basic ${Buffer.from(
          'x-access-token:test-token',
        ).toString('base64')}`,
        'clone',
        '--quiet',
        `${github.baseUrl}/acme/payments-infra.git`,
        clone,
      ]);
      const branch = await run('git', [
        '-C',
        clone,
        'rev-parse',
        '--abbrev-ref',
        'HEAD',
      ]);
      expect(branch.stdout.trim()).toBe('main');
      expect(await readDirectoryTree(clone)).toEqual(
        expectedPlatformTree(values),
      );

      // catalog:register read catalog-info.yaml back from the double (the pushed file), and the
      // catalog holds every entity it declares.
      // (catalog:register resolves /catalog-info.yaml against .../blob/main the way GitHub URLs
      // resolve, which gives a tree/ URL; GitHub and the URL reader treat both alike.)
      const catalogInfoUrl = `${github.baseUrl}/acme/payments-infra/tree/main/catalog-info.yaml`;
      expect(
        github.requests.some(
          entry =>
            entry.method === 'GET' &&
            entry.path ===
              '/repos/acme/payments-infra/contents/catalog-info.yaml?ref=main',
        ),
      ).toBe(true);
      const expectedRefs = catalogEntityRefs(platformSpec(values));
      const entities = await waitFor('the registered entities', async () => {
        const response = await request(backend.server)
          .post('/api/catalog/entities/by-refs')
          .set('Authorization', authorization)
          .send({ entityRefs: expectedRefs });
        const items = response.body.items ?? [];
        return items.every(Boolean) ? items : undefined;
      });
      expect(entities).toHaveLength(expectedRefs.length);
      for (const entity of entities) {
        expect(
          entity.metadata.annotations['backstage.io/managed-by-location'],
        ).toBe(`url:${catalogInfoUrl}`);
      }
      const component = entities.find(
        (entity: { kind: string }) => entity.kind === 'Component',
      );
      expect(component.metadata.annotations['skyforge.io/cost-selector']).toBe(
        'skyforge-component=payments-api',
      );

      const output = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('Authorization', authorization);
      expect(output.body.status).toBe('completed');
      const events = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
        .set('Authorization', authorization);
      const completion = events.body.find(
        (event: { type: string }) => event.type === 'completion',
      );
      expect(completion.body.output.links).toEqual([
        {
          title: 'Repository',
          url: `${github.baseUrl}/acme/payments-infra.git`,
        },
        {
          title: 'Open in catalog',
          icon: 'catalog',
          entityRef: 'component:default/payments-api',
        },
        {
          title: 'Cost estimate (COST.md)',
          url: `${github.baseUrl}/acme/payments-infra/blob/main/COST.md`,
        },
      ]);
    }, 120_000);

    it('retries a task whose push failed: the retried task renders again and publishes the complete tree', async () => {
      const authorization = mockCredentials.user.header();
      await waitFor('the template in the catalog', async () => {
        const response = await request(backend.server)
          .get(
            '/api/catalog/entities/by-name/template/default/skyforge-kubernetes-platform',
          )
          .set('Authorization', authorization);
        return response.status === 200 ? true : undefined;
      });
      // GitHub refuses the first push with a 403 (as it does while a new repository's
      // permissions propagate), which publish:github does not retry: the task fails after the
      // repository was created.
      github.failOnce({
        method: 'POST',
        path: /^\/acme\/payments-retry\.git\/git-receive-pack$/,
        status: 403,
      });
      const values = {
        ...platformTemplateValues,
        name: 'payments-retry',
        repoUrl: `${github.host}?owner=acme&repo=payments-retry`,
      };
      const created = await request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', authorization)
        .send({
          templateRef: 'template:default/skyforge-kubernetes-platform',
          values,
        });
      expect(created.status).toBe(201);
      const finished = async () => {
        const task = await waitFor('the task to finish', async () => {
          const response = await request(backend.server)
            .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
            .set('Authorization', authorization);
          return ['completed', 'failed', 'cancelled'].includes(
            response.body.status,
          )
            ? response.body
            : undefined;
        });
        const events = await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
          .set('Authorization', authorization);
        return {
          status: task.status as string,
          log: events.body
            .map((event: { body: { message?: string } }) => event.body.message)
            .join('\n') as string,
        };
      };
      const first = await finished();
      expect(first.status).toBe('failed');
      expect(first.log).toMatch(/403/);

      const retried = await request(backend.server)
        .post(`/api/scaffolder/v2/tasks/${created.body.id}/retry`)
        .set('Authorization', authorization)
        .send({});
      expect(retried.status).toBe(201);
      const second = await finished();
      expect(second.status).toBe('completed');

      // The retry reused publish:github's checkpoint (the repository was created once) ...
      expect(
        github.requests.filter(
          entry =>
            entry.method === 'POST' &&
            entry.path === '/orgs/acme/repos' &&
            (entry.body as { name?: string })?.name === 'payments-retry',
        ),
      ).toHaveLength(1);
      // ... and the render and estimate steps wrote their files into the new workspace again.
      const clone = mockDir.resolve('clone-retry');
      await run('git', [
        '-c',
        `http.extraHeader=Authorization: Basic ${Buffer.from(
          'x-access-token:test-token',
        ).toString('base64')}`,
        'clone',
        '--quiet',
        `${github.baseUrl}/acme/payments-retry.git`,
        clone,
      ]);
      expect(await readDirectoryTree(clone)).toEqual(
        expectedPlatformTree(values),
      );
    }, 180_000);
  });
});
