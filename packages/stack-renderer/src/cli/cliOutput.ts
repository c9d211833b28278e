/**
 * Where the CLI writes; injectable so tests can capture output.
 *
 * @public
 */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}
