// Chessboard distance transform: steps (to any of the 8 neighbours) from each
// pixel to the nearest marked one, in two raster passes. Masks use it for the
// ring around a text box; the inpainters for how deep a hole is.

/**
 * Chessboard distance from every pixel of a `w` x `h` grid to the nearest
 * pixel where `from` is non-zero (0 there); `w + h` where none is reachable.
 * With `outsideMarked`, the pixels beyond the grid's edge count as marked (a
 * hole's depth, where the image edge is as good as known pixels).
 * @internal
 */
export function chessboardDistance(from: Uint8Array, w: number, h: number, outsideMarked = false): Int32Array {
  const d = new Int32Array(w * h);
  const far = w + h;
  for (let i = 0; i < d.length; i++) d[i] = from[i] ? 0 : far;
  if (outsideMarked) {
    // An unmarked pixel on the edge is one step from the marked outside.
    for (let x = 0; x < w; x++) {
      if (d[x]) d[x] = 1;
      if (d[(h - 1) * w + x]) d[(h - 1) * w + x] = 1;
    }
    for (let y = 0; y < h; y++) {
      if (d[y * w]) d[y * w] = 1;
      if (d[y * w + w - 1]) d[y * w + w - 1] = 1;
    }
  }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!d[i]) continue;
      let m = d[i];
      if (x > 0) m = Math.min(m, d[i - 1] + 1);
      if (y > 0) {
        m = Math.min(m, d[i - w] + 1);
        if (x > 0) m = Math.min(m, d[i - w - 1] + 1);
        if (x < w - 1) m = Math.min(m, d[i - w + 1] + 1);
      }
      d[i] = m;
    }
  for (let y = h - 1; y >= 0; y--)
    for (let x = w - 1; x >= 0; x--) {
      const i = y * w + x;
      if (!d[i]) continue;
      let m = d[i];
      if (x < w - 1) m = Math.min(m, d[i + 1] + 1);
      if (y < h - 1) {
        m = Math.min(m, d[i + w] + 1);
        if (x < w - 1) m = Math.min(m, d[i + w + 1] + 1);
        if (x > 0) m = Math.min(m, d[i + w - 1] + 1);
      }
      d[i] = m;
    }
  return d;
}

/** 1 where `mask` is zero, 0 elsewhere. @internal */
export function invertMask(mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = mask[i] ? 0 : 1;
  return out;
}
