/**
 * Version of the renderer. Every rendered `skyforge.yaml` records it (and the Component carries
 * it as `skyforge.io/renderer-version`), so a stack can later be re-rendered with the same
 * version or upgraded knowingly to a newer one. Raise it whenever the rendered output changes.
 *
 * @public
 */
export const RENDERER_VERSION = '0.3.0';

/**
 * The day this renderer version was released (YYYY-MM-DD). Date-dependent decisions, such as
 * which Kubernetes versions are still in standard support, are taken as of this day, never the
 * wall clock, so the same spec renders the same files whenever it is rendered.
 */
export const RENDERER_RELEASE_DATE = '2026-12-03';

const VERSION = /^(\d+)\.(\d+)\.(\d+)$/;

/**
 * Where a stack's recorded renderer version stands against this renderer: `behind` (an upgrade
 * is available), `current`, `ahead` (rendered by a newer renderer than this one), or `unknown`
 * (no version, or not of the form `major.minor.patch`).
 *
 * @public
 */
export function rendererVersionStatus(
  recorded: string | undefined,
  installed: string = RENDERER_VERSION,
): 'behind' | 'current' | 'ahead' | 'unknown' {
  const left = VERSION.exec(recorded?.trim() ?? '');
  const right = VERSION.exec(installed);
  if (!left || !right) return 'unknown';
  for (let part = 1; part <= 3; part += 1) {
    const difference = Number(left[part]) - Number(right[part]);
    if (difference < 0) return 'behind';
    if (difference > 0) return 'ahead';
  }
  return 'current';
}
