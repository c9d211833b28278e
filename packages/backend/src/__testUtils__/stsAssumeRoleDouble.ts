import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A role the double lets one access key assume, and the session it hands out. */
export interface AssumableRole {
  roleArn: string;
  /** The only principal the role trusts: its access key and ARN. */
  trustedAccessKeyId: string;
  trustedPrincipalArn: string;
  session: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken: string;
  };
}

/** One call: its action, who asked (for which role), and whether it was granted. */
export interface StsCall {
  action: string | undefined;
  accessKeyId: string | undefined;
  roleArn?: string;
  granted: boolean;
}

const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const REQUEST_ID =
  '<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>';

/**
 * A local double of AWS STS's GetCallerIdentity and AssumeRole in their real protocol (AWS Query:
 * a form-encoded POST, answered in XML), for clients pointed at it with AWS_ENDPOINT_URL_STS
 * (Backstage's AWS credentials manager asks who its credentials are before the Kubernetes
 * backend assumes a role). It knows callers by the access key in the SigV4 Authorization header,
 * without checking the signature, and answers anyone else as STS does: 403 AccessDenied.
 */
function deny(response: ServerResponse, message: string): void {
  response.statusCode = 403;
  response.end(
    `<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${message}</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`,
  );
}

export class StsAssumeRoleDouble {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly calls: StsCall[],
  ) {}

  static async start(roles: AssumableRole[]): Promise<StsAssumeRoleDouble> {
    const calls: StsCall[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', chunk => chunks.push(chunk));
      request.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString());
        const accessKeyId = /Credential=([^/]+)\//.exec(
          request.headers.authorization ?? '',
        )?.[1];
        const action = form.get('Action') ?? undefined;
        response.setHeader('content-type', 'text/xml');
        const caller = roles.find(
          candidate => candidate.trustedAccessKeyId === accessKeyId,
        );
        if (action === 'GetCallerIdentity') {
          calls.push({ action, accessKeyId, granted: !!caller });
          if (!caller) {
            deny(
              response,
              `The security token included in the request is invalid`,
            );
            return;
          }
          response.end(
            `<GetCallerIdentityResponse xmlns="${STS_NAMESPACE}"><GetCallerIdentityResult><Arn>${
              caller.trustedPrincipalArn
            }</Arn><UserId>AIDAEXAMPLE</UserId><Account>${
              caller.trustedPrincipalArn.split(':')[4]
            }</Account></GetCallerIdentityResult>${REQUEST_ID}</GetCallerIdentityResponse>`,
          );
          return;
        }
        const roleArn = form.get('RoleArn') ?? undefined;
        const role = roles.find(
          candidate =>
            candidate.roleArn === roleArn &&
            candidate.trustedAccessKeyId === accessKeyId,
        );
        const granted = action === 'AssumeRole' && !!role;
        calls.push({ action, accessKeyId, roleArn, granted });
        if (!granted || !role) {
          deny(
            response,
            `User: ${accessKeyId} is not authorized to perform: sts:${action} on resource: ${roleArn}`,
          );
          return;
        }
        const roleName = role.roleArn.replace(/^.*:role\//, '');
        const account = role.roleArn.split(':')[4];
        const sessionName = form.get('RoleSessionName') ?? 'session';
        const expiration = new Date(Date.now() + 3600_000).toISOString();
        response.end(
          [
            `<AssumeRoleResponse xmlns="${STS_NAMESPACE}">`,
            '<AssumeRoleResult>',
            `<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:${sessionName}</AssumedRoleId><Arn>arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}</Arn></AssumedRoleUser>`,
            `<Credentials><AccessKeyId>${role.session.accessKeyId}</AccessKeyId><SecretAccessKey>${role.session.secretAccessKey}</SecretAccessKey><SessionToken>${role.session.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials>`,
            '</AssumeRoleResult>',
            REQUEST_ID,
            '</AssumeRoleResponse>',
          ].join(''),
        );
      });
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = server.address() as AddressInfo;
    return new StsAssumeRoleDouble(server, `http://127.0.0.1:${port}`, calls);
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }
}
