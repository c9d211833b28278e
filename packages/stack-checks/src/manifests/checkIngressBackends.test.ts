import { checkIngressBackends } from './checkIngressBackends';
import { objectOfKind, validManifests } from './testing/validManifests';

function setBackend(
  objects: ReturnType<typeof validManifests>,
  service: Record<string, unknown>,
) {
  objectOfKind(objects, 'Ingress').spec.defaultBackend = { service };
}

describe('checkIngressBackends', () => {
  it('accepts backends that name an existing Service port', () => {
    const objects = validManifests();
    setBackend(objects, { name: 'demo', port: { number: 80 } });
    expect(checkIngressBackends(objects)).toEqual([]);
  });

  it('reports a missing Service', () => {
    const objects = validManifests();
    setBackend(objects, { name: 'nope', port: { number: 80 } });
    expect(checkIngressBackends(objects)).toEqual([
      'Ingress demo/demo: backend Service nope does not exist',
    ]);
  });

  it('reports a port the Service does not expose', () => {
    const objects = validManifests();
    setBackend(objects, { name: 'demo', port: { name: 'grpc' } });
    expect(checkIngressBackends(objects)).toEqual([
      'Ingress demo/demo: backend port grpc is not a port of Service demo',
    ]);
  });
});
