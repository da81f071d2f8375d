/**
 * Mulberry32: a small seeded generator, so the scripts that draw images
 * (examples, product scenes, the stylised-text stress set) draw the same
 * pixels for the same seed on every run.
 */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
