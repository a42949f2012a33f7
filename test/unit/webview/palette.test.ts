import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contrastRatio, MARK_CONTRAST, maxOverlayAlpha, overlay, parseColour, relativeLuminance, type Rgb, TEXT_CONTRAST, withContrast } from '../../../webview/contrast';
import { BASE_COLOURS, paletteFor } from '../../../webview/palette';

/** Editor backgrounds of VS Code's built-in themes (their `editor.background`). */
const BACKGROUNDS: Record<string, string> = {
  'Light Modern / Light+': '#ffffff',
  'Dark Modern': '#1f1f1f',
  'Dark+': '#1e1e1e',
  'High Contrast (dark)': '#000000',
  'High Contrast Light': '#ffffff',
  'Quiet Light': '#f5f5f5',
  'Solarized Light': '#fdf6e3',
  'Solarized Dark': '#002b36',
  'Monokai': '#272822',
  'Abyss': '#000c18',
  'Red': '#390000',
};

const rgb = (hex: string): Rgb => parseColour(hex)!;

describe('contrast ratios', () => {
  test('match WCAG\'s reference values', () => {
    assert.equal(contrastRatio(rgb('#000000'), rgb('#ffffff')), 21);
    assert.equal(contrastRatio(rgb('#777777'), rgb('#777777')), 1);
    // #767676 is the lightest grey with 4.5:1 on white, a standard check of the formula
    assert.ok(contrastRatio(rgb('#767676'), rgb('#ffffff')) >= TEXT_CONTRAST);
    assert.ok(contrastRatio(rgb('#777777'), rgb('#ffffff')) < TEXT_CONTRAST);
  });

  test('read the colour forms a theme variable takes', () => {
    assert.deepEqual(parseColour('#fff'), [255, 255, 255]);
    assert.deepEqual(parseColour('#1e1e1eff'), [30, 30, 30]);
    assert.deepEqual(parseColour('rgb(30, 30, 30)'), [30, 30, 30]);
    assert.equal(parseColour('var(--x)'), undefined);
  });

  test('move a colour only as far as the ratio needs, darker on light and lighter on dark', () => {
    const sky = rgb('#56B4E9');
    const onWhite = withContrast(sky, rgb('#ffffff'), 3);
    assert.ok(Math.abs(contrastRatio(onWhite, rgb('#ffffff')) - 3) < 0.01);
    assert.ok(relativeLuminance(onWhite) < relativeLuminance(sky));
    const indigo = rgb('#332288');
    const onBlack = withContrast(indigo, rgb('#000000'), 3);
    assert.ok(Math.abs(contrastRatio(onBlack, rgb('#000000')) - 3) < 0.01);
    assert.ok(relativeLuminance(onBlack) > relativeLuminance(indigo));
    assert.deepEqual(withContrast(rgb('#0072B2'), rgb('#ffffff'), 3), rgb('#0072B2'), 'a colour that passes is left alone');
  });
});

describe('tints behind text', () => {
  test('blend as the browser paints them', () => {
    assert.deepEqual(overlay([255, 0, 0], [0, 0, 255], 0.25), [63.75, 0, 191.25]);
  });

  test('stop at the opacity where the text would fall below 4.5:1, and not before', () => {
    const orange = rgb('#E69F00');
    const dark = rgb('#1e1e1e');
    const lightText = rgb('#cccccc');
    const alpha = maxOverlayAlpha(orange, dark, lightText, TEXT_CONTRAST, 0.6);
    assert.ok(alpha > 0 && alpha < 0.6, `orange under light text on a dark theme is limited (${alpha.toFixed(3)})`);
    assert.ok(contrastRatio(lightText, overlay(orange, dark, alpha)) >= TEXT_CONTRAST);
    assert.ok(contrastRatio(lightText, overlay(orange, dark, alpha + 0.01)) < TEXT_CONTRAST);
    assert.equal(maxOverlayAlpha(orange, rgb('#ffffff'), rgb('#333333'), TEXT_CONTRAST, 0.6), 0.6, 'dark text on white stays readable at full strength');
  });
});

describe('the cluster palette', () => {
  test('as designed, has colours too faint for marks on white and on black (what this fixes)', () => {
    assert.ok(contrastRatio(rgb(BASE_COLOURS[1]), rgb('#ffffff')) < MARK_CONTRAST, 'sky blue on white');
    assert.ok(contrastRatio(rgb(BASE_COLOURS[8]), rgb('#000000')) < MARK_CONTRAST, 'indigo on black');
  });

  for (const [theme, background] of Object.entries(BACKGROUNDS)) {
    test(`gives every cluster colour at least 3:1 against ${theme} (${background})`, () => {
      const palette = paletteFor(rgb(background));
      assert.equal(palette.length, BASE_COLOURS.length);
      const ratios = palette.map(hex => contrastRatio(rgb(hex), rgb(background)));
      const worst = Math.min(...ratios);
      assert.ok(worst >= MARK_CONTRAST, `lowest ratio ${worst.toFixed(2)} (${palette[ratios.indexOf(worst)]})`);
    });
  }

  test('keeps the colours that already pass, and keeps the rest distinct from each other', () => {
    for (const background of Object.values(BACKGROUNDS)) {
      const palette = paletteFor(rgb(background));
      palette.forEach((hex, i) => {
        if (contrastRatio(rgb(BASE_COLOURS[i]), rgb(background)) >= MARK_CONTRAST) { assert.equal(hex, BASE_COLOURS[i]); }
      });
      assert.equal(new Set(palette.map(hex => hex.toLowerCase())).size, palette.length, `distinct colours on ${background}`);
    }
  });
});
