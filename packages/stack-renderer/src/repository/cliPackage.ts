import { name, version } from '../../package.json';

/**
 * The npm package, at this package's version, that gives rendered workflows the `skyforge` CLI:
 * `npx --package <this> skyforge check .` runs the same checks as the renderer that wrote them.
 */
export const CLI_PACKAGE = `${name}@${version}`;
