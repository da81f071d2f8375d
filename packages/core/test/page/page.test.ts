import { describe, expect, it } from 'vitest';
import { GlossaError, PAGE_VERSION, parsePage, serializePage, type Page } from '@glossa/core';

const validPage = (): Page => ({
  version: PAGE_VERSION,
  width: 800,
  height: 600,
  sourceLang: 'zh',
  targetLang: 'ko',
  blocks: [
    {
      id: 'b0',
      polygon: [[10, 10], [200, 10], [200, 60], [10, 60]],
      lines: [{ polygon: [[10, 10], [200, 10], [200, 60], [10, 60]], text: '限时特惠', score: 0.98 }],
      sourceText: '限时特惠',
      translation: '기간 한정 특가',
      direction: 'horizontal',
      style: { color: '#ff0000', strokeColor: '#ffffff', strokeWidth: 2, fontSize: 48, align: 'center', lineHeight: 1.2 },
      layout: {
        fontSize: 40,
        fontFamily: 'Glossa Sans KR',
        lineHeight: 1.2,
        direction: 'horizontal',
        box: { x: 10, y: 10, width: 190, height: 50 },
        lines: [{ text: '기간 한정 특가', x: 20, y: 12, width: 170, height: 48 }],
      },
      flags: { overflow: false },
    },
    {
      id: 'b1',
      polygon: [[700, 50], [740, 50], [740, 400], [700, 400]],
      lines: [],
      sourceText: '竖排文字',
      direction: 'vertical',
      style: { color: '#000000', fontSize: 36, align: 'left', lineHeight: 1 },
      flags: { untranslated: true },
    },
  ],
});

function expectInvalid(doc: unknown, field: string) {
  try {
    parsePage(doc);
  } catch (error) {
    expect(error).toBeInstanceOf(GlossaError);
    expect((error as GlossaError).code).toBe('INVALID_INPUT');
    expect((error as GlossaError).details.field).toBe(field);
    expect((error as GlossaError).message).toContain(field);
    return;
  }
  throw new Error(`parsePage accepted a document with a bad ${field}`);
}

describe('parsePage', () => {
  it('accepts a valid page and round-trips through JSON unchanged', () => {
    const page = validPage();
    const text = serializePage(page);
    const parsed = parsePage(text);
    expect(parsed).toEqual(page);
    expect(parsePage(JSON.parse(serializePage(parsed)))).toEqual(page);
  });

  it('accepts an already-parsed object and a page with no blocks', () => {
    expect(parsePage({ version: 1, width: 1, height: 1, blocks: [] }).blocks).toEqual([]);
  });

  it('names the bad field', () => {
    const p = validPage();
    expectInvalid({ ...p, version: 2 }, 'version');
    expectInvalid({ ...p, width: 0 }, 'width');
    expectInvalid({ ...p, height: 10.5 }, 'height');
    expectInvalid({ ...p, blocks: 'none' }, 'blocks');
    const badPolygon = validPage();
    badPolygon.blocks[0].polygon = [[0, 0], [1, 1]];
    expectInvalid(badPolygon, 'blocks[0].polygon');
    const badPoint = validPage() as unknown as { blocks: Array<{ lines: Array<{ polygon: unknown[] }> }> };
    badPoint.blocks[0].lines[0].polygon[2] = [1, 'x'];
    expectInvalid(badPoint, 'blocks[0].lines[0].polygon[2][1]');
    const badColor = validPage();
    badColor.blocks[0].style.color = 'red';
    expectInvalid(badColor, 'blocks[0].style.color');
    const badDirection = validPage() as unknown as { blocks: Array<{ direction: string }> };
    badDirection.blocks[1].direction = 'diagonal';
    expectInvalid(badDirection, 'blocks[1].direction');
    const badScore = validPage();
    badScore.blocks[0].lines[0].score = 1.5;
    expectInvalid(badScore, 'blocks[0].lines[0].score');
    const noId = validPage() as unknown as { blocks: Array<{ id?: string }> };
    delete noId.blocks[0].id;
    expectInvalid(noId, 'blocks[0].id');
    const badLayout = validPage();
    badLayout.blocks[0].layout!.box.width = -1;
    expectInvalid(badLayout, 'blocks[0].layout.box.width');
    const nanSize = validPage();
    nanSize.blocks[0].style.fontSize = Number.NaN;
    expectInvalid(nanSize, 'blocks[0].style.fontSize');
  });

  it('rejects text that is not JSON and values that are not objects', () => {
    expect(() => parsePage('{"version": 1,')).toThrowError(/not valid JSON/);
    expect(() => parsePage(null)).toThrowError(GlossaError);
    expect(() => parsePage(42)).toThrowError(GlossaError);
  });
});
