// The stylised-text stress set of the erasure evaluation: Chinese and Latin
// titles drawn with the decorations posters use (thick and double outlines,
// glow, drop shadow, gradient fill, 3D extrusion, heavy weight, italic) onto
// generated backgrounds (gradients, bokeh, procedural texture) or onto a clean
// image handed in. Each sample comes with its exact ground truth: the clean
// background (drawn once without the text) and the mask of every pixel the
// text changed. Deterministic by seed; drawn with @napi-rs/canvas and the
// fonts bundled with @glossa/node.
import { createCanvas } from '@napi-rs/canvas';
import { fontFamilyFor, registerBundledFonts } from '@glossa/node';
import { seededRandom } from './seeded-random.mjs';

/** Every decoration kind, in the order samples cycle through them. */
export const DECORATIONS = ['outline', 'double-outline', 'glow', 'shadow', 'gradient', 'extrude', 'heavy', 'italic'];

const CHINESE = ['限时特惠', '新品上市', '全场五折', '买一送一', '正品保障', '年货节', '18年珍藏', '爆款直降', '夏日清凉', '官方旗舰店', '匠心之作', '品质生活', '立即抢购', '双十一狂欢'];
const LATIN = ['SALE', 'NEW IN', 'Summer Deals', 'BEST PRICE', 'Limited', 'FREE GIFT', 'Hot Offer', 'PREMIUM'];

const pick = (rand, list) => list[Math.floor(rand() * list.length)];
const hsl = (h, s, l, a = 1) => `hsla(${h.toFixed(0)},${s.toFixed(0)}%,${l.toFixed(0)}%,${a})`;

/**
 * Draws one stress sample. `seed` fixes everything; `decoration` (one of
 * {@link DECORATIONS}) and `script` (`zh` or `latin`) can be forced, else they
 * follow from the seed. `backdrop` (an RgbaImage, e.g. a fixture's clean
 * `.erased` image) replaces the generated background, cropped and scaled.
 * Returns `{image, clean, mask, lines, decoration, background}`: `mask` is a
 * Mask (255 where the text changed any channel by more than 2), `lines` the
 * drawn titles as `{text, polygon}` (the box of the pixels that line changed).
 */
export function renderStylisedSample({ seed, width = 640, height = 400, decoration, script, backdrop } = {}) {
  registerBundledFonts();
  const rand = seededRandom(seed * 7919 + 17);
  const kind = decoration ?? DECORATIONS[seed % DECORATIONS.length];
  const lang = script ?? (rand() < 0.6 ? 'zh' : 'latin');
  const bgKind = backdrop ? 'image' : pick(rand, ['gradient', 'bokeh', 'texture']);
  // The background is painted on two canvases from the same random draws, so both are identical.
  const bgState = rand() * 4294967296;
  const cleanCanvas = createCanvas(width, height);
  const textCanvas = createCanvas(width, height);
  for (const canvas of [cleanCanvas, textCanvas]) {
    const r = seededRandom(bgState);
    const ctx = canvas.getContext('2d');
    if (backdrop) paintBackdrop(ctx, backdrop, width, height, r);
    else PAINTERS[bgKind](ctx, width, height, r);
  }
  const clean = imageOf(cleanCanvas, width, height);
  const ctx = textCanvas.getContext('2d');
  const lineCount = 1 + Math.floor(rand() * 2);
  const lines = [];
  let y = height * (0.12 + rand() * 0.1);
  const before = clean;
  for (let n = 0; n < lineCount; n++) {
    const text = lang === 'zh' ? pick(rand, CHINESE) : pick(rand, LATIN);
    const maxSize = Math.min(110, (height * 0.8) / lineCount - 10);
    let size = Math.round(28 + rand() * (maxSize - 28));
    const bold = kind === 'heavy' || rand() < 0.6;
    const family = fontFamilyFor(lang === 'zh' ? 'zh' : 'en', bold);
    ctx.font = `${size}px "${family}"`;
    let w = ctx.measureText(text).width;
    // Fit the title in the width, with room for the decoration.
    if (w > width * 0.85) {
      size = Math.max(16, Math.floor((size * width * 0.85) / w));
      ctx.font = `${size}px "${family}"`;
      w = ctx.measureText(text).width;
    }
    const x = Math.max(size * 0.2, (width - w) * (0.1 + rand() * 0.8));
    const baseline = y + size;
    if (baseline + size * 0.35 > height) break;
    const style = styleFor(kind, rand, size);
    drawStyledText(ctx, text, x, baseline, size, style);
    const after = imageOf(textCanvas, width, height);
    const box = changedBox(n === 0 ? before : lines[n - 1].after, after);
    if (box) lines.push({ text, polygon: box, after });
    y = baseline + size * (0.45 + rand() * 0.3);
  }
  const image = imageOf(textCanvas, width, height);
  return { image, clean, mask: changedMask(image, clean, 2), lines: lines.map(({ text, polygon }) => ({ text, polygon })), decoration: kind, background: bgKind, script: lang };
}

/** Colours and decoration parameters for one title: text light on dark backgrounds and the other way round, picked at random. */
function styleFor(kind, rand, size) {
  const hue = rand() * 360;
  const light = rand() < 0.6;
  const fill = light ? hsl(hue, 60 + rand() * 40, 85 + rand() * 15) : hsl(hue, 70 + rand() * 30, 20 + rand() * 25);
  const contrast = light ? hsl((hue + 180) % 360, 60, 12 + rand() * 15) : hsl((hue + 180) % 360, 80, 90);
  const style = { kind, fill };
  switch (kind) {
    case 'outline':
      style.outline = [{ colour: contrast, width: size * (0.08 + rand() * 0.1) }];
      break;
    case 'double-outline':
      style.outline = [
        { colour: hsl((hue + 60) % 360, 90, 55), width: size * (0.2 + rand() * 0.08) },
        { colour: contrast, width: size * (0.09 + rand() * 0.04) },
      ];
      break;
    case 'glow':
      style.glow = { colour: light ? hsl(hue, 100, 60, 0.95) : hsl(hue, 100, 85, 0.95), blur: size * (0.15 + rand() * 0.2) };
      break;
    case 'shadow':
      style.shadow = { colour: 'rgba(0,0,0,0.75)', dx: size * (0.05 + rand() * 0.06), dy: size * (0.05 + rand() * 0.06), blur: size * rand() * 0.08 };
      break;
    case 'gradient':
      style.gradient = [hsl(hue, 100, light ? 90 : 35), hsl((hue + 40) % 360, 100, light ? 60 : 15)];
      if (rand() < 0.5) style.outline = [{ colour: contrast, width: size * 0.07 }];
      break;
    case 'extrude':
      style.extrude = { colour: light ? hsl(hue, 70, 25) : hsl(hue, 40, 70), depth: Math.max(3, Math.round(size * (0.06 + rand() * 0.06))), dx: rand() < 0.5 ? 1 : -1 };
      break;
    case 'heavy':
      style.embolden = size * (0.03 + rand() * 0.03);
      break;
    case 'italic':
      style.skew = 0.2 + rand() * 0.15;
      if (rand() < 0.5) style.outline = [{ colour: contrast, width: size * 0.08 }];
      break;
    default:
      throw new Error(`unknown decoration ${kind}; one of ${DECORATIONS.join(', ')}`);
  }
  return style;
}

/** Draws `text` with its decorations, the way poster tools stack them: shadow/glow/extrusion behind, outlines, then the face. */
function drawStyledText(ctx, text, x, y, size, style) {
  ctx.save();
  ctx.lineJoin = 'round';
  ctx.textBaseline = 'alphabetic';
  if (style.skew) ctx.setTransform(1, 0, -style.skew, 1, style.skew * y, 0);
  if (style.extrude) {
    ctx.fillStyle = style.extrude.colour;
    for (let i = style.extrude.depth; i >= 1; i--) ctx.fillText(text, x + i * style.extrude.dx, y + i);
  }
  if (style.glow) {
    ctx.save();
    ctx.shadowColor = style.glow.colour;
    ctx.shadowBlur = style.glow.blur;
    ctx.fillStyle = style.fill;
    for (let k = 0; k < 2; k++) ctx.fillText(text, x, y);
    ctx.restore();
  }
  if (style.shadow) {
    ctx.save();
    ctx.shadowColor = style.shadow.colour;
    ctx.shadowOffsetX = style.shadow.dx;
    ctx.shadowOffsetY = style.shadow.dy;
    ctx.shadowBlur = style.shadow.blur;
    ctx.fillStyle = style.fill;
    ctx.fillText(text, x, y);
    ctx.restore();
  }
  for (const o of style.outline ?? []) {
    ctx.strokeStyle = o.colour;
    ctx.lineWidth = o.width * 2;
    ctx.strokeText(text, x, y);
  }
  if (style.gradient) {
    const g = ctx.createLinearGradient(0, y - size, 0, y + size * 0.2);
    g.addColorStop(0, style.gradient[0]);
    g.addColorStop(1, style.gradient[1]);
    ctx.fillStyle = g;
  } else ctx.fillStyle = style.fill;
  if (style.embolden) {
    ctx.strokeStyle = ctx.fillStyle;
    ctx.lineWidth = style.embolden * 2;
    ctx.strokeText(text, x, y);
  }
  ctx.fillText(text, x, y);
  ctx.restore();
}

const PAINTERS = {
  /** A two- or three-stop linear gradient at a random angle. */
  gradient(ctx, w, h, rand) {
    const a = rand() * Math.PI;
    const g = ctx.createLinearGradient(w / 2 - Math.cos(a) * w, h / 2 - Math.sin(a) * h, w / 2 + Math.cos(a) * w, h / 2 + Math.sin(a) * h);
    const stops = 2 + Math.floor(rand() * 2);
    for (let i = 0; i < stops; i++) g.addColorStop(i / (stops - 1), hsl(rand() * 360, 30 + rand() * 60, 15 + rand() * 70));
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, w, h);
  },
  /** Out-of-focus lights: soft discs over a dark or mid-tone gradient. */
  bokeh(ctx, w, h, rand) {
    PAINTERS.gradient(ctx, w, h, rand);
    const hue = rand() * 360;
    for (let i = 0; i < 40; i++) {
      const x = rand() * w, y = rand() * h, r = 8 + rand() * 60;
      const g = ctx.createRadialGradient(x, y, 0, x, y, r);
      const c = hsl((hue + rand() * 80) % 360, 80, 55 + rand() * 40, 0.35 + rand() * 0.4);
      g.addColorStop(0, c);
      g.addColorStop(0.7, c);
      g.addColorStop(1, hsl(hue, 80, 70, 0));
      ctx.fillStyle = g;
      ctx.beginPath();
      ctx.arc(x, y, r, 0, Math.PI * 2);
      ctx.fill();
    }
  },
  /** Procedural texture: value noise at two scales over a base colour, with faint diagonal stripes. */
  texture(ctx, w, h, rand) {
    const img = ctx.createImageData(w, h);
    const hue = rand() * 360;
    const base = hslToRgb(hue, 0.3 + rand() * 0.5, 0.2 + rand() * 0.6);
    const grid = (cell) => {
      const gw = Math.ceil(w / cell) + 2, gh = Math.ceil(h / cell) + 2;
      const v = new Float32Array(gw * gh).map(() => rand() * 2 - 1);
      return (x, y) => {
        const fx = x / cell, fy = y / cell, ix = Math.floor(fx), iy = Math.floor(fy), tx = fx - ix, ty = fy - iy;
        const s = (t) => t * t * (3 - 2 * t);
        const a = v[iy * gw + ix] + (v[iy * gw + ix + 1] - v[iy * gw + ix]) * s(tx);
        const b = v[(iy + 1) * gw + ix] + (v[(iy + 1) * gw + ix + 1] - v[(iy + 1) * gw + ix]) * s(tx);
        return a + (b - a) * s(ty);
      };
    };
    const coarse = grid(60 + rand() * 80), fine = grid(6 + rand() * 6);
    const stripe = 20 + rand() * 30, amp = 25 + rand() * 25;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const d = coarse(x, y) * amp + fine(x, y) * 8 + Math.sin(((x + y) / stripe) * Math.PI) * 6;
        const o = (y * w + x) * 4;
        img.data[o] = base[0] + d;
        img.data[o + 1] = base[1] + d;
        img.data[o + 2] = base[2] + d;
        img.data[o + 3] = 255;
      }
    ctx.putImageData(img, 0, 0);
  },
};

/** A random crop of `backdrop` (RgbaImage) scaled to fill the canvas. */
function paintBackdrop(ctx, backdrop, w, h, rand) {
  const src = createCanvas(backdrop.width, backdrop.height);
  const sctx = src.getContext('2d');
  const id = sctx.createImageData(backdrop.width, backdrop.height);
  id.data.set(backdrop.data);
  sctx.putImageData(id, 0, 0);
  const scale = Math.max(w / backdrop.width, h / backdrop.height) * (1 + rand() * 0.5);
  const cw = w / scale, ch = h / scale;
  const sx = rand() * Math.max(0, backdrop.width - cw), sy = rand() * Math.max(0, backdrop.height - ch);
  ctx.drawImage(src, sx, sy, cw, ch, 0, 0, w, h);
}

function hslToRgb(h, s, l) {
  const k = (n) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n) => 255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1))));
  return [f(0), f(8), f(4)];
}

function imageOf(canvas, w, h) {
  return { width: w, height: h, data: new Uint8ClampedArray(canvas.getContext('2d').getImageData(0, 0, w, h).data) };
}

/** Mask of the pixels whose largest channel difference between `a` and `b` exceeds `threshold`. */
export function changedMask(a, b, threshold) {
  const data = new Uint8Array(a.width * a.height);
  for (let i = 0; i < data.length; i++) {
    const o = i * 4;
    const d = Math.max(Math.abs(a.data[o] - b.data[o]), Math.abs(a.data[o + 1] - b.data[o + 1]), Math.abs(a.data[o + 2] - b.data[o + 2]));
    if (d > threshold) data[i] = 255;
  }
  return { width: a.width, height: a.height, data };
}

/** Box (as a 4-point polygon) of the pixels `after` changed over `before` by more than 24 (where the title is visible), or undefined. */
function changedBox(before, after) {
  const m = changedMask(before, after, 24);
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (let i = 0; i < m.data.length; i++) {
    if (!m.data[i]) continue;
    const x = i % m.width, y = (i - x) / m.width;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return x1 < 0 ? undefined : [[x0, y0], [x1 + 1, y0], [x1 + 1, y1 + 1], [x0, y1 + 1]];
}
