import { afterAll, describe, expect, it } from 'vitest';
import { createGlossa, type GlossaEngine } from '../../src/index.js';
import { drawPanel, insideEllipse } from './draw-panel.js';

// The whole comic path through the engine: from 'ja' implies the comic preset.
const panel = drawPanel(640, 420, [
  { cx: 480, cy: 190, rx: 95, ry: 130, columns: ['おはよう', 'ございます'], size: 30 },
  { cx: 170, cy: 180, rx: 80, ry: 120, columns: ['また', 'あした'], size: 30 },
]);
const script = { おはようございます: 'Good morning!', またあした: 'See you tomorrow.' };
let glossa: GlossaEngine | undefined;
afterAll(async () => {
  await glossa?.dispose();
});

describe('comic preset', () => {
  it("from: 'ja' finds the balloons, translates each one and sets the English inside it", async () => {
    glossa = createGlossa({ device: 'cpu', inpainter: 'classical', onWarning: () => {} });
    const { page } = await glossa.translateImage(panel.image, { from: 'ja', to: 'en', translator: script, format: 'json' });
    expect(page.blocks).toHaveLength(2);
    for (const block of page.blocks) {
      expect(block.balloon).toBeDefined();
      expect(block.translation).toBe(script[block.sourceText as keyof typeof script]);
      expect(block.flags.overflow).toBeFalsy();
      // Lettered in the bundled comic font (Comic Neue), which the canvas has registered.
      expect(block.layout?.fontFamily).toBe('Glossa Comic');
      const drawn = panel.balloons.find((b) => insideEllipse(b, block.layout!.box.x + block.layout!.box.width / 2, block.layout!.box.y + block.layout!.box.height / 2));
      expect(drawn).toBeDefined();
    }
  });

  it("preset: 'default' keeps the default path for Japanese text", async () => {
    glossa ??= createGlossa({ device: 'cpu', inpainter: 'classical', onWarning: () => {} });
    const { page } = await glossa.translateImage(panel.image, { from: 'ja', preset: 'default', to: 'en', translator: 'none', format: 'json' });
    expect(page.blocks.every((b) => b.balloon === undefined)).toBe(true);
  });

  it('rejects an unknown preset with INVALID_INPUT', async () => {
    glossa ??= createGlossa({ device: 'cpu', inpainter: 'classical', onWarning: () => {} });
    await expect(glossa.translateImage(panel.image, { to: 'en', preset: 'manga' as never })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
