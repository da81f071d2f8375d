import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledModelManifest, defaultModelsDir, getModelEntry, parseModelManifest } from '@glossa/node';

const repoManifest = JSON.parse(readFileSync(new URL('../../../../models/manifest.json', import.meta.url), 'utf8')) as unknown;

describe('model manifest', () => {
  it('ships the same manifest as models/manifest.json (run `node models/sync-bundled.mjs` after editing it)', () => {
    expect(bundledModelManifest()).toEqual(parseModelManifest(repoManifest));
  });

  it('pins the public LaMa export', () => {
    const lama = getModelEntry('lama');
    expect(lama.files).toEqual([
      {
        name: 'lama_fp32.onnx',
        url: 'https://huggingface.co/Carve/LaMa-ONNX/resolve/main/lama_fp32.onnx',
        sha256: '1faef5301d78db7dda502fe59966957ec4b79dd64e16f03ed96913c7a4eb68d6',
        bytes: 208_044_816,
      },
    ]);
    expect(lama.input.inputs.map((i) => [i.name, i.shape])).toEqual([
      ['image', [1, 3, 512, 512]],
      ['mask', [1, 1, 512, 512]],
    ]);
    expect(lama.input.outputs[0].range).toEqual([0, 255]);
  });

  it('rejects a malformed manifest naming the bad field', () => {
    const bad = structuredClone(repoManifest) as { models: Array<{ files: Array<{ sha256: string }> }> };
    bad.models[0].files[0].sha256 = 'ABC';
    expect(() => parseModelManifest(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'models.0.files.0.sha256' } }));
    const dup = structuredClone(repoManifest) as { models: unknown[] };
    dup.models.push(dup.models[0]);
    expect(() => parseModelManifest(dup)).toThrow(/duplicate model id 'lama'/);
  });
});

describe('defaultModelsDir', () => {
  it('prefers GLOSSA_MODELS_DIR', () => {
    expect(defaultModelsDir({ env: { GLOSSA_MODELS_DIR: '/data/models' }, platform: 'linux', home: '/home/u' })).toBe('/data/models');
  });
  it('follows XDG on Linux, ignoring a relative XDG_CACHE_HOME', () => {
    expect(defaultModelsDir({ env: { XDG_CACHE_HOME: '/var/cache/u' }, platform: 'linux', home: '/home/u' })).toBe('/var/cache/u/glossa/models');
    expect(defaultModelsDir({ env: { XDG_CACHE_HOME: 'rel' }, platform: 'linux', home: '/home/u' })).toBe('/home/u/.cache/glossa/models');
    expect(defaultModelsDir({ env: {}, platform: 'linux', home: '/home/u' })).toBe('/home/u/.cache/glossa/models');
  });
  it('uses the platform cache folders on macOS and Windows', () => {
    expect(defaultModelsDir({ env: {}, platform: 'darwin', home: '/Users/u' })).toBe('/Users/u/Library/Caches/glossa/models');
    expect(defaultModelsDir({ env: { LOCALAPPDATA: 'C:/Users/u/AppData/Local' }, platform: 'win32', home: 'C:/Users/u' })).toBe(
      join('C:/Users/u/AppData/Local', 'glossa', 'Cache', 'models'),
    );
  });
});
