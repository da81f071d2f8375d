// One line of text on a canvas for the scripts that render images: the
// bundled font, an optional outline under the fill and an optional rotation
// about the start point.

/**
 * @param {import('@napi-rs/canvas').SKRSContext2D} ctx
 * @param {string} s
 * @param {number} x
 * @param {number} y - baseline
 * @param {{ size: number, color?: string, font?: string, align?: CanvasTextAlign, stroke?: { color: string, width: number }, rotate?: number }} options
 */
export function drawLine(ctx, s, x, y, { size, color = '#222', font = 'Glossa Sans SC Bold', align = 'left', stroke, rotate = 0 }) {
  ctx.save();
  ctx.translate(x, y);
  ctx.rotate((rotate * Math.PI) / 180);
  ctx.font = `${size}px "${font}"`;
  ctx.textAlign = align;
  ctx.textBaseline = 'alphabetic';
  if (stroke) {
    ctx.lineWidth = stroke.width;
    ctx.strokeStyle = stroke.color;
    ctx.lineJoin = 'round';
    ctx.strokeText(s, 0, 0);
  }
  ctx.fillStyle = color;
  ctx.fillText(s, 0, 0);
  ctx.restore();
}
