/**
 * 32-bit FNV-1a over the UTF-16 code units of `text`, as eight lowercase hex digits.
 *
 * Azure wants some names to be globally unique and short (storage accounts: 24 characters),
 * so they carry a short, stable hash of what identifies the stack. The renderer core cannot use
 * a crypto module (it also runs in the browser) and needs no cryptographic strength here, only
 * the same answer for the same input.
 */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
