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

type PsqlResult = ReturnType<typeof testPsql>;

/** A database role script is idempotent: two runs in a row both succeed without a message. */
export function expectRunsTwiceCleanly(run: () => PsqlResult): void {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const applied = run();
    expect({
      attempt,
      status: applied.status,
      stderr: applied.stderr,
    }).toEqual({ attempt, status: 0, stderr: '' });
  }
}

/** `user` may create, fill and read a table of its own in `database` (plus `alsoRun` statements). */
export function expectCreatesItsTables(options: {
  user: string;
  database: string;
  alsoRun?: string[];
}): void {
  const used = testPsql({
    user: options.user,
    database: options.database,
    args: [
      '-c',
      'CREATE TABLE orders (id bigint PRIMARY KEY)',
      ...(options.alsoRun ?? []).flatMap(statement => ['-c', statement]),
      '-c',
      'INSERT INTO orders VALUES (1)',
      '-c',
      'SELECT count(*) FROM orders',
    ],
  });
  expect({
    status: used.status,
    stdout: used.stdout.trim(),
    stderr: used.stderr,
  }).toEqual({ status: 0, stdout: '1', stderr: '' });
}
