/**
 * The three families of rules `checkRepository` runs: `schema` (Terraform against the pinned
 * provider schemas, module wiring), `security` (the Checkov-style rule set) and `manifest` (the
 * kube-linter-style checks of each built Kustomize overlay).
 *
 * @public
 */
export type CheckFamily = 'schema' | 'security' | 'manifest';

/**
 * One finding: which rule, in which file, what is wrong.
 *
 * @public
 */
export interface CheckFinding {
  family: CheckFamily;
  /** The rule: a schema rule (`unknown-argument`), a Checkov id (`CKV_AWS_19`) or a manifest check (`run-as-non-root`). */
  rule: string;
  /** Path relative to the repository: a `.tf` file, or the overlay directory a manifest was built from. */
  file: string;
  /** The block or object, e.g. `aws_s3_bucket.this` or `Deployment demo/demo`, when there is one. */
  address?: string;
  message: string;
}

/**
 * What `checkRepository` found and what it looked at.
 *
 * @public
 */
export interface CheckReport {
  /** Findings in file order, then family and rule; empty when the repository passes. */
  findings: CheckFinding[];
  /** Number of Terraform files checked. */
  terraformFiles: number;
  /** Overlay directories built and checked, e.g. `deploy/overlays/prod-aws`. */
  overlays: string[];
  /** Checks that could not run and why (only when `requireKubectl` is false). */
  skipped: string[];
}
