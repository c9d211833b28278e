import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** What the stand-in answers the token path with: a token, or an HTTP error status. */
export type MetadataAnswer = { token: string } | { status: number };

/**
 * A stand-in for the metadata server of a Cloud Run instance (GCE_METADATA_HOST points a client
 * at it): a separate Node process, so tests can call it from spawnSync'd scripts. It answers
 * `GET /computeMetadata/v1/instance/service-accounts/default/token` with the JSON the real one
 * returns (access_token, expires_in, token_type) when the request carries `Metadata-Flavor:
 * Google`, 403 without it, and logs every request (method, URL, flavor header) to `log`.
 */
export async function startMetadataServerStandIn(options: {
  log: string;
  answer: MetadataAnswer;
}): Promise<{ host: string; requests(): string[]; stop(): void }> {
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
  const server: ChildProcess = spawn(
    process.execPath,
    ['-e', program, options.log, JSON.stringify(options.answer)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
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
      existsSync(options.log)
        ? readFileSync(options.log, 'utf8').split('\n').filter(Boolean)
        : [],
    stop: () => {
      server.kill();
    },
  };
}
