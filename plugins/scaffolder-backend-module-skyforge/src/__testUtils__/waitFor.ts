/** Polls `probe` every 250 ms until it returns a value; fails after a minute naming `what`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  for (let attempt = 0; attempt < 240; attempt += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
