/**
 * Version of the renderer. Every rendered `skyforge.yaml` records it, so a stack can later be
 * re-rendered with the same version or upgraded knowingly to a newer one.
 *
 * @public
 */
export const RENDERER_VERSION = '0.1.0';

/**
 * The day this renderer version was released (YYYY-MM-DD). Date-dependent decisions, such as
 * which Kubernetes versions are still in standard support, are taken as of this day, never the
 * wall clock, so the same spec renders the same files whenever it is rendered.
 */
export const RENDERER_RELEASE_DATE = '2026-12-03';
