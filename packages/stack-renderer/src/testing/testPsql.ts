import { spawnSync } from 'node:child_process';

/**
 * psql against the PostgreSQL the suite runs with (scripts/with-postgres.sh sets
 * SKYFORGE_TEST_POSTGRES_URL; `make test` starts it), as `user` on `database`, quiet and
 * unaligned, stopping at the first error. Throws with the fix when the URL is not set.
 */
export function testPsql(options: {
  user: string;
  database: string;
  args: string[];
  input?: string;
}): { status: number | null; stdout: string; stderr: string } {
  const url = process.env.SKYFORGE_TEST_POSTGRES_URL;
  if (!url) {
    throw new Error(
      'SKYFORGE_TEST_POSTGRES_URL is not set: run the suite with `make test` (scripts/with-postgres.sh starts PostgreSQL and sets it)',
    );
  }
  const target = new URL(url);
  target.username = options.user;
  target.pathname = `/${options.database}`;
  const result = spawnSync(
    'psql',
    [
      target.toString(),
      '-X',
      '-q',
      '-t',
      '-A',
      '-v',
      'ON_ERROR_STOP=1',
      ...options.args,
    ],
    { encoding: 'utf8', input: options.input },
  );
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}
