import { promises as fs } from 'node:fs';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import yaml from 'yaml';
import { TEMPLATES_DIRECTORY } from './templatesDirectory';

type Server = Parameters<typeof request>[0];

async function listFiles(
  directory: string,
  base = directory,
): Promise<string[]> {
  const entries = await fs.readdir(directory, { withFileTypes: true });
  const files = await Promise.all(
    entries.map(async entry => {
      const absolute = path.join(directory, entry.name);
      if (entry.isDirectory()) return listFiles(absolute, base);
      return [path.relative(base, absolute).split(path.sep).join('/')];
    }),
  );
  return files.flat().sort();
}

/** The template folder as the template editor uploads it: every file, base64-encoded. */
export async function templateDirectoryContents(template: string) {
  const directory = path.join(TEMPLATES_DIRECTORY, template);
  const files = await listFiles(directory);
  return Promise.all(
    files.map(async file => ({
      path: file,
      base64Content: (await fs.readFile(path.join(directory, file))).toString(
        'base64',
      ),
    })),
  );
}

export async function readTemplate(template: string) {
  return yaml.parse(
    await fs.readFile(
      path.join(TEMPLATES_DIRECTORY, template, 'template.yaml'),
      'utf8',
    ),
  );
}

/** Runs a template through `POST /api/scaffolder/v2/dry-run`, as the template editor does. */
export async function dryRunTemplate(options: {
  server: Server;
  template: string;
  values: Record<string, unknown>;
}) {
  return request(options.server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', mockCredentials.user.header())
    .send({
      template: await readTemplate(options.template),
      values: options.values,
      directoryContents: await templateDirectoryContents(options.template),
    });
}

/** The dry run's files as `path -> content`. */
export function dryRunFiles(body: {
  directoryContents: Array<{ path: string; base64Content: string }>;
}): Record<string, string> {
  return Object.fromEntries(
    body.directoryContents
      .map(
        file =>
          [
            file.path,
            Buffer.from(file.base64Content, 'base64').toString('utf8'),
          ] as const,
      )
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}
