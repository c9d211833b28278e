/**
 * One finding of the policy check: which rule, in which rendered file, what is wrong.
 *
 * @public
 */
export interface StackCheckFinding {
  /** `schema` (provider schemas, module wiring), `security` (the rule set) or `manifest` (Kustomize overlays). */
  family: 'schema' | 'security' | 'manifest';
  /** E.g. `unknown-argument`, `CKV_AWS_19` or `run-as-non-root`. */
  rule: string;
  /** Path in the rendered repository: a `.tf` file or an overlay directory. */
  file: string;
  /** The block or object, e.g. `aws_s3_bucket.this`, when there is one. */
  address?: string;
  /** What is wrong, e.g. `S3 bucket has a public access block: block_public_acls must be true`. */
  message: string;
}

/**
 * `POST /v1/stack-checks`: the policy check of the repository the Create form's values would
 * render, before anything is created.
 *
 * @public
 */
export interface StackCheckResponse {
  /** True when there are no findings. */
  passed: boolean;
  /** In file order, then family and rule. */
  findings: StackCheckFinding[];
  /** Checks that could not run and why (the manifest checks need kubectl on the backend's PATH). */
  skipped: string[];
  /** Number of rendered Terraform files checked. */
  terraformFiles: number;
  /** Kustomize overlays built and checked, e.g. `deploy/overlays/prod-aws`. */
  overlays: string[];
}
