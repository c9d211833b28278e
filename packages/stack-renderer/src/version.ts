/**
 * Version of the renderer. Every rendered `skyforge.yaml` records it, so a stack can later be
 * re-rendered with the same version or upgraded knowingly to a newer one.
 *
 * @public
 */
export const RENDERER_VERSION = '0.1.0';
