import path from 'node:path';

/** The repository's `templates/` folder (one software template per subfolder). */
export const TEMPLATES_DIRECTORY = path.resolve(
  __dirname,
  '../../../../templates',
);
