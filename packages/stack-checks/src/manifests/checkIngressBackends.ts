import {
  type KubernetesObject,
  describeObject,
  field,
  namespaceOf,
  records,
} from './kubernetesObjects';

/** Every Ingress backend names a Service of its namespace and a port that Service exposes (kube-linter dangling-ingress). */
export function checkIngressBackends(
  objects: readonly KubernetesObject[],
): string[] {
  const problems: string[] = [];
  for (const ingress of objects.filter(object => object.kind === 'Ingress')) {
    const backends = [
      field(ingress, 'spec', 'defaultBackend'),
      ...records(field(ingress, 'spec', 'rules')).flatMap(rule =>
        records(field(rule, 'http', 'paths')).map(path => path.backend),
      ),
    ].filter(backend => backend !== undefined);
    for (const backend of backends) {
      const serviceName = field(backend, 'service', 'name');
      if (serviceName === undefined) continue; // A resource backend (e.g. a bucket) is not a Service.
      const service = objects.find(
        object =>
          object.kind === 'Service' &&
          object.metadata.name === serviceName &&
          namespaceOf(object) === namespaceOf(ingress),
      );
      if (!service) {
        problems.push(
          `${describeObject(ingress)}: backend Service ${String(
            serviceName,
          )} does not exist`,
        );
        continue;
      }
      const portName = field(backend, 'service', 'port', 'name');
      const portNumber = field(backend, 'service', 'port', 'number');
      const ports = records(field(service, 'spec', 'ports'));
      const found = ports.some(port =>
        portName !== undefined
          ? port.name === portName
          : port.port === portNumber,
      );
      if (!found) {
        problems.push(
          `${describeObject(ingress)}: backend port ${String(
            portName ?? portNumber,
          )} is not a port of Service ${String(serviceName)}`,
        );
      }
    }
  }
  return problems;
}
