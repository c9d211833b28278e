import type { Environment } from '../../spec/profiles';
import type { StackSpec } from '../../spec/stackSpec';
import { azureTlsCertificateName } from '../../naming';
import { fnv1a } from './fnv1a';

/** Names of the platform's Azure resources whose names must be globally unique. */
export interface AzureResourceNames {
  /** Storage account receiving the VNet flow logs. */
  flowLogStorageAccount: string;
  /** Key Vault: 3–24 letters, digits and hyphens. */
  keyVault: string;
}

/**
 * How a globally unique (or tightly limited) name is derived: `compact` (letters and digits:
 * stack name and environment, a marker, a hash), `label` (a DNS label: the resource prefix, a
 * marker, a hash) or `prefix` (the resource prefix, cut to the limit).
 */
export interface AzureGlobalName {
  style: 'compact' | 'label' | 'prefix';
  /** What the hash distinguishes, e.g. `storage`; part of the name's identity, never changed. */
  kind: string;
  marker: string;
  maxLength: number;
}

function alphanumeric(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function trimHyphens(text: string): string {
  return text.replace(/^-+|-+$/g, '').replace(/-{2,}/g, '-');
}

/**
 * A short hash of what identifies one resource of one stack environment. The owner is part of
 * it so that two teams choosing the same stack name still get different global names.
 */
function suffix(options: {
  spec: StackSpec;
  environment: string;
  kind: string;
  length: number;
}): string {
  const { spec, environment, kind, length } = options;
  return fnv1a(
    `${spec.metadata.owner}/${spec.metadata.name}/${environment}/${kind}`,
  ).slice(0, length);
}

/** A globally unique, letters-and-digits name: cleaned stack name and environment, a marker, a hash. */
function compactName(options: {
  spec: StackSpec;
  environment: string;
  kind: string;
  marker: string;
  maxLength: number;
}): string {
  const { spec, environment, kind, marker, maxLength } = options;
  const hash = suffix({ spec, environment, kind, length: 6 });
  const stem = alphanumeric(`${spec.metadata.name}${environment}`);
  // Azure names must start with a letter for some services; the stack name always does.
  return `${stem.slice(
    0,
    maxLength - marker.length - hash.length,
  )}${marker}${hash}`;
}

/** A globally unique DNS-label name: the resource prefix, a marker and a hash, cut to `maxLength`. */
function labelName(options: {
  spec: StackSpec;
  environment: string;
  kind: string;
  marker: string;
  maxLength: number;
}): string {
  const { spec, environment, kind, marker, maxLength } = options;
  const hash = suffix({ spec, environment, kind, length: 6 });
  const tail = `-${marker}-${hash}`;
  const prefix = trimHyphens(
    `${spec.metadata.name}-${environment}`.slice(0, maxLength - tail.length),
  );
  return `${prefix}${tail}`;
}

/** One globally unique name of one environment; identical input gives identical names. */
export function azureGlobalName(options: {
  spec: StackSpec;
  environment: Environment;
  name: AzureGlobalName;
}): string {
  const { spec, environment, name } = options;
  if (name.style === 'prefix') {
    return trimHyphens(
      `${spec.metadata.name}-${environment}`.slice(0, name.maxLength),
    );
  }
  return (name.style === 'compact' ? compactName : labelName)({
    spec,
    environment,
    ...name,
  });
}

/** The platform's resource names of one environment; identical input gives identical names. */
export function azureResourceNames(options: {
  spec: StackSpec;
  environment: Environment;
}): AzureResourceNames {
  const { spec, environment } = options;
  return {
    flowLogStorageAccount: compactName({
      spec,
      environment,
      kind: 'flowlogs',
      marker: 'fl',
      maxLength: 24,
    }),
    keyVault: labelName({
      spec,
      environment,
      kind: 'keyvault',
      marker: 'kv',
      maxLength: 24,
    }),
  };
}

/** Storage account holding the Terraform state of every environment (created by the bootstrap). */
export function azureStateStorageAccount(spec: StackSpec): string {
  return compactName({
    spec,
    environment: '',
    kind: 'tfstate',
    marker: 'tfstate',
    maxLength: 24,
  });
}

/**
 * The unversioned Key Vault URI of an environment's ingress certificate: the application routing
 * add-on reads it from the vault and follows renewals.
 */
export function azureTlsCertificateUri(options: {
  spec: StackSpec;
  environment: Environment;
}): string {
  const vault = azureResourceNames(options).keyVault;
  return `https://${vault}.vault.azure.net/certificates/${azureTlsCertificateName(
    options.spec.metadata.name,
  )}`;
}

/** Storage account the FOCUS cost export of the subscription writes to (created by the bootstrap). */
export function azureBillingStorageAccount(spec: StackSpec): string {
  return compactName({
    spec,
    environment: '',
    kind: 'billing',
    marker: 'cost',
    maxLength: 24,
  });
}
