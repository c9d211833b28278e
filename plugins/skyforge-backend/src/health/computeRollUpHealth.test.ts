import type { EntityHealthResponse } from '@skyforge/plugin-skyforge-common';
import { computeRollUpHealth } from './computeRollUpHealth';

const health = (
  entityRef: string,
  status: EntityHealthResponse['status'],
  reasons: string[] = [],
): EntityHealthResponse => ({
  entityRef,
  view: entityRef.startsWith('resource') ? 'cluster' : 'workloads',
  status,
  reasons,
  clusters: [],
  generatedAt: '2025-11-24T10:00:00.000Z',
});

describe('computeRollUpHealth', () => {
  it('takes the worst part and names each part that is not healthy, worst first', () => {
    const result = computeRollUpHealth({
      entityRef: 'system:default/payments',
      parts: [
        { health: health('component:default/web', 'healthy') },
        {
          title: 'Payments API',
          health: health('component:default/api', 'degraded', [
            'eks: HPA api is at its maximum',
            'eks: Pod api-1 restarted',
          ]),
        },
        {
          health: health('resource:default/cluster', 'unhealthy', [
            'cluster: no node is Ready',
          ]),
        },
        { health: health('component:default/jobs', 'unknown') },
      ],
      generatedAt: '2025-11-24T10:00:00.000Z',
    });
    expect(result.status).toBe('unhealthy');
    expect(result.view).toBe('rollUp');
    expect(result.parts!.map(p => [p.entityRef, p.view, p.status])).toEqual([
      ['resource:default/cluster', 'cluster', 'unhealthy'],
      ['component:default/api', 'workloads', 'degraded'],
      ['component:default/jobs', 'workloads', 'unknown'],
      ['component:default/web', 'workloads', 'healthy'],
    ]);
    expect(result.reasons).toEqual([
      'resource:default/cluster is unhealthy: cluster: no node is Ready',
      'Payments API is degraded: eks: HPA api is at its maximum (and 1 more)',
      'component:default/jobs is unknown',
    ]);
  });

  it('is unknown, and says what counts, without parts', () => {
    const result = computeRollUpHealth({
      entityRef: 'group:default/payments',
      parts: [],
      generatedAt: '2025-11-24T10:00:00.000Z',
    });
    expect(result.status).toBe('unknown');
    expect(result.reasons[0]).toMatch(
      /^No part of group:default\/payments that you may read has health/,
    );
  });

  it('is healthy when every part is', () => {
    expect(
      computeRollUpHealth({
        entityRef: 'system:default/web',
        parts: [{ health: health('component:default/web', 'healthy') }],
        generatedAt: '2025-11-24T10:00:00.000Z',
      }),
    ).toMatchObject({ status: 'healthy', reasons: [] });
  });
});
