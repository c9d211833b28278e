import { clusterAutoscalerStatusConfigMap } from './__testUtils__/fixtures';
import { parseClusterAutoscalerStatus } from './parseClusterAutoscalerStatus';

const fixture = (name: string) =>
  clusterAutoscalerStatusConfigMap(name).data.status;

describe('parseClusterAutoscalerStatus', () => {
  it('reads the human-readable format', () => {
    const status = parseClusterAutoscalerStatus({
      text: fixture('cluster-autoscaler-status.txt'),
    });
    expect(status.time).toBe('2025-11-24 09:58:40.318265914 +0000 UTC');
    expect(status.clusterHealth).toBe('Healthy');
    expect(status.clusterScaleUp).toBe('NoActivity');
    expect(status.clusterScaleDown).toBe('NoCandidates');
    expect(status.nodeGroups).toEqual([
      {
        name: 'eks-workers-a2c6e84f-1b3d-5f7a-9c2e-4d6f8a0b2c4e',
        health: 'Healthy',
        ready: 3,
        unready: 0,
        registered: 3,
        longUnregistered: 0,
        cloudProviderTarget: 3,
        minSize: 2,
        maxSize: 6,
        scaleUp: 'NoActivity',
        scaleDown: 'NoCandidates',
      },
    ]);
  });

  it('reads the YAML format of cluster autoscaler 1.30+', () => {
    const status = parseClusterAutoscalerStatus({
      text: fixture('cluster-autoscaler-status.yaml'),
    });
    expect(status.autoscalerStatus).toBe('Running');
    expect(status.clusterHealth).toBe('Healthy');
    expect(status.clusterScaleUp).toBe('InProgress');
    expect(status.nodeGroups).toHaveLength(2);
    expect(status.nodeGroups[1]).toEqual({
      name: 'aks-userpool-51936284-vmss',
      health: 'Healthy',
      ready: 2,
      unready: 0,
      registered: 2,
      longUnregistered: 0,
      cloudProviderTarget: 3,
      minSize: 2,
      maxSize: 3,
      scaleUp: 'Backoff',
      scaleDown: 'NoCandidates',
    });
  });

  it('reads YAML whose list items are indented and start with another key', () => {
    const status = parseClusterAutoscalerStatus({
      text: [
        'autoscalerStatus: Running',
        'nodeGroups:',
        '  - health:',
        '      status: Unhealthy',
        '      minSize: 0',
        '      maxSize: 3',
        '      cloudProviderTarget: 1',
        '    name: grp-a',
      ].join('\n'),
    });
    expect(status.nodeGroups).toEqual([
      expect.objectContaining({
        name: 'grp-a',
        health: 'Unhealthy',
        minSize: 0,
        maxSize: 3,
        cloudProviderTarget: 1,
      }),
    ]);
  });
});
