/**
 * A stand-in `curl` for the smoke checks of the serverless scripts: it appends `curl <args>` to
 * `log` and answers as the network of a fresh environment would. A request through the platform's
 * own address (its arguments contain `platform`, e.g. `--connect-to` or the app's default name)
 * exits with $CURL_PLATFORM_EXIT (0: the release answered); any other request (the custom host,
 * whose DNS record does not exist yet) with $CURL_CUSTOM_EXIT, by default 6 as curl's "Could not
 * resolve host".
 */
export function curlDouble(log: string, platform: string): string {
  return [
    '#!/usr/bin/env bash',
    `echo "curl $*" >> "${log}"`,
    'case "$*" in',
    `  *"${platform}"*) exit "\${CURL_PLATFORM_EXIT:-0}" ;;`,
    '  *) exit "${CURL_CUSTOM_EXIT:-6}" ;;',
    'esac',
    '',
  ].join('\n');
}
