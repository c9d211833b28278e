/**
 * The shell functions `make smoke` runs in each `scripts/serverless-<cloud>.sh`. The smoke check
 * proves the new release through an address the platform serves right after `terraform apply`
 * (the load balancer asked directly, or the app's own platform name), because the custom host may
 * not answer yet on a fresh environment: its DNS record, certificate or (on Container Apps) domain
 * binding can lag the first apply by minutes to an hour, and a smoke check that fails then would
 * roll back a healthy release. The custom URL is checked once afterwards, as a warning only.
 * `SMOKE_RETRIES` and `SMOKE_RETRY_DELAY` tune the retries (about five minutes by default).
 */
export function serverlessSmokeFunctions(): string[] {
  return [
    '# make smoke: requests a URL until it answers (curl arguments before it), while the service comes up.',
    'probe() {',
    '  curl --fail --silent --show-error --max-time 10 --retry "${SMOKE_RETRIES:-30}" --retry-delay "${SMOKE_RETRY_DELAY:-10}" --retry-all-errors --output /dev/null "$@"',
    '}',
    '',
    '# make smoke, then the custom URL once: a warning (a GitHub annotation), never a failure, because its',
    '# DNS record or certificate may not be live yet, which says nothing about the release.',
    'custom_url() {',
    '  if curl --fail --silent --show-error --max-time 10 --output /dev/null "$1"; then',
    '    echo "$1 answers."',
    '  else',
    '    echo "::warning::$1 does not answer yet: $2. The release passed the smoke check above; the next apply checks $1 again."',
    '  fi',
    '}',
    '',
  ];
}

/** The lines of a `smoke` branch that split the URL argument into `url`, `host` and `path`. */
export const SMOKE_URL_LINES = [
  '    url="${3:?$usage}"',
  '    rest="${url#*://}"',
  '    host="${rest%%/*}"',
  '    path="/${rest#*/}"',
];
