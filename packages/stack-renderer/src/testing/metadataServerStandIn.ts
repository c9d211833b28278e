import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** What the stand-in answers the token path with: a token, or an HTTP error status. */
export type MetadataAnswer = { token: string } | { status: number };

/** A stand-in token endpoint: where it listens, what it was asked (its log), and stop(). */
export interface TokenEndpointStandIn {
  host: string;
  requests(): string[];
  stop(): void;
}

/**
 * Runs `program` (a Node HTTP server printing its port) as a separate process, so tests can call
 * it from spawnSync'd scripts, with the log path and the JSON answer as its arguments.
 */
async function startStandInProcess(
  program: string,
  args: string[],
  log: string,
): Promise<TokenEndpointStandIn> {
  const server: ChildProcess = spawn(
    process.execPath,
    ['-e', program, ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<string>((resolve, reject) => {
    server.once('error', reject);
    server.stdout!.once('data', (chunk: Buffer) =>
      resolve(chunk.toString().trim()),
    );
  });
  return {
    host: `127.0.0.1:${port}`,
    requests: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8').split('\n').filter(Boolean)
        : [],
    stop: () => {
      server.kill();
    },
  };
}

/**
 * A stand-in for the metadata server of a Cloud Run instance (GCE_METADATA_HOST points a client
 * at it). It answers `GET /computeMetadata/v1/instance/service-accounts/default/token` with the
 * JSON the real one returns (access_token, expires_in, token_type) when the request carries
 * `Metadata-Flavor: Google`, 403 without it, and logs every request (method, URL, flavor header)
 * to `log`.
 */
export async function startMetadataServerStandIn(options: {
  log: string;
  answer: MetadataAnswer;
}): Promise<TokenEndpointStandIn> {
  const program = `
const http = require('node:http');
const fs = require('node:fs');
const [log, answer] = [process.argv[1], JSON.parse(process.argv[2])];
http.createServer((request, response) => {
  const flavor = request.headers['metadata-flavor'] ?? '';
  fs.appendFileSync(log, request.method + ' ' + request.url + ' ' + flavor + '\\n');
  const path = request.url.split('?')[0];
  if (flavor !== 'Google') { response.writeHead(403); response.end('Missing Metadata-Flavor'); return; }
  if (path !== '/computeMetadata/v1/instance/service-accounts/default/token') { response.writeHead(404); response.end(); return; }
  if (answer.status) { response.writeHead(answer.status); response.end('stand-in failure'); return; }
  response.writeHead(200, { 'Content-Type': 'application/json', 'Metadata-Flavor': 'Google' });
  response.end(JSON.stringify({ access_token: answer.token, expires_in: 3599, token_type: 'Bearer' }));
}).listen(0, '127.0.0.1', function () { console.log(this.address().port); });
`;
  return startStandInProcess(
    program,
    [options.log, JSON.stringify(options.answer)],
    options.log,
  );
}

/**
 * A stand-in for the managed identity endpoint of an Azure Container Apps replica (what
 * IDENTITY_ENDPOINT points at: `http://<host>/msi/token`). It answers `GET /msi/token?resource=…
 * &api-version=2019-08-01&client_id=…` with the JSON the real one returns (access_token,
 * expires_on, resource, token_type, client_id) when the request carries `X-IDENTITY-HEADER` equal
 * to `identityHeader` (the IDENTITY_HEADER the platform sets), 401 otherwise, and logs every
 * request (method, URL, and whether the header matched — never its value) to `log`.
 */
export async function startIdentityEndpointStandIn(options: {
  log: string;
  identityHeader: string;
  answer: MetadataAnswer;
}): Promise<TokenEndpointStandIn & { endpoint: string }> {
  const program = `
const http = require('node:http');
const fs = require('node:fs');
const [log, header, answer] = [process.argv[1], process.argv[2], JSON.parse(process.argv[3])];
http.createServer((request, response) => {
  const matched = request.headers['x-identity-header'] === header;
  fs.appendFileSync(log, request.method + ' ' + request.url + ' ' + (matched ? 'identity-header' : 'no-identity-header') + '\\n');
  const url = new URL(request.url, 'http://stand-in');
  if (!matched) { response.writeHead(401); response.end('Missing or wrong X-IDENTITY-HEADER'); return; }
  if (url.pathname !== '/msi/token' || url.searchParams.get('api-version') !== '2019-08-01') { response.writeHead(404); response.end(); return; }
  if (answer.status) { response.writeHead(answer.status); response.end('stand-in failure'); return; }
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify({ access_token: answer.token, expires_on: '1796342400', resource: url.searchParams.get('resource'), token_type: 'Bearer', client_id: url.searchParams.get('client_id') }));
}).listen(0, '127.0.0.1', function () { console.log(this.address().port); });
`;
  const standIn = await startStandInProcess(
    program,
    [options.log, options.identityHeader, JSON.stringify(options.answer)],
    options.log,
  );
  return { ...standIn, endpoint: `http://${standIn.host}/msi/token` };
}
