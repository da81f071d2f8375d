// Cancellation lands inside the long stages, not at the next stage boundary.
// An abort from a timer can only be delivered when the running stage gives the
// event loop a turn; before, inpainting, typesetting and drawing ran to their
// end on the thread, the timer fired afterwards, and a page "aborted" in the
// middle of inpainting still produced a full result.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutPage } from '@glossa/core';
import { createCanvasMeasurer, createCanvasRenderer, createGlossa, fontFamilyFor, type GlossaEngine } from '@glossa/node';
import { manyBlocksPage } from '../helpers/many-blocks.js';

const examples = new URL('../../../../examples/images/', import.meta.url).pathname;
let glossa: GlossaEngine;
let poster: Buffer;
let script: Record<string, string>;

beforeAll(async () => {
  glossa = createGlossa({ device: 'cpu', inpainter: 'classical', onWarning: () => undefined });
  poster = await readFile(`${examples}sale-poster.png`);
  script = JSON.parse(await readFile(`${examples}sale-poster.en.json`, 'utf8')) as Record<string, string>;
});
afterAll(() => glossa?.dispose());

describe('aborting a page', () => {
  it('stops inside inpainting when the signal fires while it runs', async () => {
    const controller = new AbortController();
    const reached: string[] = [];
    // The run either yields the page as failed in its stage or rejects, depending on which sees the abort first.
    let failure: { code?: string; stage?: string } | undefined;
    try {
      for await (const outcome of glossa.translateImages([poster], {
        to: 'en',
        translator: script,
        signal: controller.signal,
        onProgress: (e) => {
          reached.push(`${e.stage}:${e.state}`);
          // From a timer, as a timeout or a closed connection would: delivered only when the stage yields.
          if (e.stage === 'inpaint' && e.state === 'start') setTimeout(() => controller.abort(), 0);
        },
      })) {
        failure = outcome.ok ? {} : { code: outcome.error.code, stage: outcome.stage };
      }
    } catch (error) {
      failure = { code: (error as { code?: string }).code };
    }
    expect(failure?.code).toBe('ABORTED');
    if (failure?.stage) expect(failure.stage).toBe('inpaint');
    expect(reached).toContain('inpaint:start');
    // It stopped inside inpainting (its 'end' is reported on failure too): the page never got to typesetting or drawing.
    expect(reached).not.toContain('layout:start');
    expect(reached).not.toContain('render:start');
  });

  it('stops drawing a page of many blocks part-way', async () => {
    const measurer = createCanvasMeasurer();
    const page = layoutPage(manyBlocksPage(), { measurer, fontFamily: fontFamilyFor });
    const { width, height } = page;
    const background = { width, height, data: new Uint8ClampedArray(width * height * 4).fill(255) };
    const renderer = createCanvasRenderer();
    // Without an abort the page draws to the end.
    await expect(renderer.render(background, page)).resolves.toMatchObject({ width, height });
    const controller = new AbortController();
    const drawing = renderer.render(background, page, { signal: controller.signal });
    setTimeout(() => controller.abort(), 0);
    // Compared as a code, so a failure does not print the whole image.
    const outcome = await drawing.then(() => 'drew the whole page', (error: { code?: string }) => error.code);
    expect(outcome).toBe('ABORTED');
  });
});
