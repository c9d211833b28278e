/**
 * File in `deploy/overlays/<env>-aws/` that `make k8s-certificate` writes at deploy time with
 * `CERTIFICATE_ARN=<arn>` (the Terraform output `certificate_arn`), so the Ingress can name the
 * ACM certificate of its host without the ARN being known at render time.
 */
export const AWS_CERTIFICATE_ENV_FILE = 'certificate.env';

/** Key of the certificate ARN in the certificate env file. */
export const AWS_CERTIFICATE_ARN_KEY = 'CERTIFICATE_ARN';

/** The account of the placeholder ARN; no AWS account has this ID. */
export const AWS_PLACEHOLDER_ACCOUNT = '000000000000';

/**
 * The value committed until `make k8s-certificate` writes the real ARN: the overlay builds, but no
 * load balancer can use it, so `make k8s-apply` refuses to apply it.
 */
export function awsCertificatePlaceholder(region: string): string {
  return `arn:aws:acm:${region}:${AWS_PLACEHOLDER_ACCOUNT}:certificate/00000000-0000-0000-0000-000000000000`;
}
