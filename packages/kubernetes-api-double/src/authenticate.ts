import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

/** The user a request is authenticated as, as the API server's authenticators name it. */
export interface UserInfo {
  username: string;
  groups: string[];
}

/**
 * An AWS principal the double knows, and the Kubernetes identity its EKS access entry maps it
 * to (an access entry of type STANDARD with `kubernetes_groups`).
 */
export interface AwsPrincipal {
  accessKeyId: string;
  secretAccessKey: string;
  /** The IAM role or user ARN, the access entry's principal and the default username. */
  arn: string;
  username?: string;
  groups: string[];
  /**
   * The session token of temporary credentials (an assumed role's session), which the presigned
   * URL carries and signs as X-Amz-Security-Token.
   */
  sessionToken?: string;
}

export interface AuthenticationOptions {
  /** Static bearer tokens, like the API server's `--token-auth-file`. */
  tokens?: Record<string, UserInfo>;
  /**
   * EKS tokens (`k8s-aws-v1.` + a presigned STS GetCallerIdentity URL), as
   * aws-iam-authenticator checks them: the URL must be signed for this cluster's
   * `x-k8s-aws-id`, within 15 minutes, by a known access key. The double recomputes the SigV4
   * signature with the key's secret (where EKS asks STS to) and maps the principal.
   */
  aws?: { clusterId: string; principals: AwsPrincipal[] };
}

/** EKS accepts a token for 15 minutes after it was signed. */
const AWS_TOKEN_LIFETIME_MS = 15 * 60 * 1000;
const AWS_TOKEN_PREFIX = 'k8s-aws-v1.';

function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
}

async function authenticateAws(
  token: string,
  options: NonNullable<AuthenticationOptions['aws']>,
  now: Date,
): Promise<UserInfo | undefined> {
  let url: URL;
  try {
    url = new URL(
      Buffer.from(token.slice(AWS_TOKEN_PREFIX.length), 'base64url').toString(
        'utf8',
      ),
    );
  } catch {
    return undefined;
  }
  const query = url.searchParams;
  if (
    url.protocol !== 'https:' ||
    !/^sts(\.[a-z0-9-]+)?\.amazonaws\.com$/.test(url.hostname) ||
    query.get('Action') !== 'GetCallerIdentity' ||
    query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' ||
    !(query.get('X-Amz-SignedHeaders') ?? '')
      .split(';')
      .includes('x-k8s-aws-id')
  ) {
    return undefined;
  }
  const [accessKeyId, , region, service] = (
    query.get('X-Amz-Credential') ?? ''
  ).split('/');
  const principal = options.principals.find(
    candidate => candidate.accessKeyId === accessKeyId,
  );
  const signedAt = parseAmzDate(query.get('X-Amz-Date') ?? '');
  if (!principal || !signedAt || service !== 'sts') return undefined;
  const age = now.getTime() - signedAt.getTime();
  if (age < -60_000 || age > AWS_TOKEN_LIFETIME_MS) return undefined;

  const signer = new SignatureV4({
    credentials: {
      accessKeyId: principal.accessKeyId,
      secretAccessKey: principal.secretAccessKey,
      sessionToken: principal.sessionToken,
    },
    region,
    service: 'sts',
    sha256: Sha256,
  });
  const unsignedQuery: Record<string, string> = {};
  for (const [key, value] of query) {
    if (!key.startsWith('X-Amz-')) unsignedQuery[key] = value;
  }
  const expected = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: url.hostname,
      path: url.pathname,
      headers: { host: url.hostname, 'x-k8s-aws-id': options.clusterId },
      query: unsignedQuery,
    },
    {
      signingDate: signedAt,
      expiresIn: Number(query.get('X-Amz-Expires') ?? 0),
    },
  );
  if (expected.query?.['X-Amz-Signature'] !== query.get('X-Amz-Signature')) {
    return undefined;
  }
  return {
    username: principal.username ?? principal.arn,
    groups: [...principal.groups, 'system:authenticated'],
  };
}

/**
 * The user of a bearer token, or undefined when no authenticator accepts it (the API server
 * answers 401).
 */
export async function authenticate(
  authorization: string | undefined,
  options: AuthenticationOptions,
  now: Date = new Date(),
): Promise<UserInfo | undefined> {
  const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  if (!token) return undefined;
  const user = options.tokens?.[token];
  if (user) {
    return { ...user, groups: [...user.groups, 'system:authenticated'] };
  }
  if (options.aws && token.startsWith(AWS_TOKEN_PREFIX)) {
    return authenticateAws(token, options.aws, now);
  }
  return undefined;
}
