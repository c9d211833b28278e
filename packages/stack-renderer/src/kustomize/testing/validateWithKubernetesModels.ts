import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** How kubernetes-models judged one object. */
export type ModelValidation =
  | { status: 'valid' }
  | { status: 'invalid'; message: string }
  /** kubernetes-models has no model for the kind (a CRD such as GKE's ManagedCertificate). */
  | { status: 'unknown' };

// kubernetes-models is ESM-only with `import`-only exports, which Jest's CommonJS runtime cannot
// resolve, so the validators run in a plain Node ES module process, one batch per call.
const SCRIPT = `
let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const object of JSON.parse(input)) {
  let Model;
  try {
    Model = (await import('kubernetes-models/' + object.apiVersion + '/' + object.kind))[object.kind];
  } catch (error) {
    if (error.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' || error.code === 'ERR_MODULE_NOT_FOUND') {
      results.push({ status: 'unknown' });
      continue;
    }
    throw error;
  }
  try {
    new Model(object).validate();
    results.push({ status: 'valid' });
  } catch (error) {
    results.push({ status: 'invalid', message: error.message });
  }
}
process.stdout.write(JSON.stringify(results));
`;

/** Validates objects against the Kubernetes OpenAPI schemas that kubernetes-models ships. */
export function validateWithKubernetesModels(
  objects: readonly unknown[],
): ModelValidation[] {
  const output = execFileSync(
    process.execPath,
    ['--input-type=module', '--eval', SCRIPT],
    {
      // Module resolution of --eval starts at the working directory: the package, which depends on kubernetes-models.
      cwd: resolve(__dirname, '../../..'),
      input: JSON.stringify(objects),
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(output.toString()) as ModelValidation[];
}
