// Contact sheets for looking at erasures by eye: panels side by side
// (input | mask | output | ground truth), each scaled to one height.
import { createCanvas } from '@napi-rs/canvas';

/** The mask as a grey image (white = erase). */
export function maskPanel(mask) {
  const data = new Uint8ClampedArray(mask.width * mask.height * 4);
  for (let i = 0; i < mask.data.length; i++) data.set([mask.data[i], mask.data[i], mask.data[i], 255], i * 4);
  return { width: mask.width, height: mask.height, data };
}

/** RgbaImages side by side, each scaled to `height` px tall, 4 px apart on grey; returns an RgbaImage. */
export function contactSheet(panels, height = 320) {
  const scaled = panels.map((p) => ({ p, w: Math.max(1, Math.round((p.width * height) / p.height)) }));
  const gap = 4;
  const W = scaled.reduce((s, x) => s + x.w, 0) + gap * (panels.length + 1);
  const H = height + 2 * gap;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#808080';
  ctx.fillRect(0, 0, W, H);
  let x = gap;
  for (const { p, w } of scaled) {
    const src = createCanvas(p.width, p.height);
    const sctx = src.getContext('2d');
    const id = sctx.createImageData(p.width, p.height);
    id.data.set(p.data);
    sctx.putImageData(id, 0, 0);
    ctx.drawImage(src, 0, 0, p.width, p.height, x, gap, w, height);
    x += w + gap;
  }
  return { width: W, height: H, data: new Uint8ClampedArray(ctx.getImageData(0, 0, W, H).data) };
}
