import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { contrastRatio, MARK_CONTRAST, overlay, parseColour, TEXT_CONTRAST } from '../../webview/contrast';
import { fitSampleFile, type RealFit } from './fixtures';
import { closeBrowser, openWebview, THEMES } from './harness';

type ThemeName = keyof typeof THEMES;

describe('the panel in every kind of theme', () => {
  let fit: RealFit;
  // Ten clusters: the palette's first ten colours, among them sky blue (weak on white) and indigo (weak on black).
  before(async () => { fit = await fitSampleFile('penguins.csv', { algorithm: 'kmeans', nComponents: 10, standardize: true, nInit: 2, maxIter: 300, tol: 1e-4 }); });
  after(closeBrowser);

  for (const theme of ['hcDark', 'hcLight'] as const) {
    test(`marks the selected tab with an outline in ${theme === 'hcDark' ? 'High Contrast' : 'High Contrast Light'}`, async () => {
      const view = await openWebview({ theme });
      try {
        for (const message of fit.messages) { await view.send(message); }
        await view.waitForState('ready');
        await view.page.locator('#tab-profiles').click();
        const outlines = await view.page.locator('vscode-tab-header').evaluateAll(headers => headers.map(h => {
          const style = getComputedStyle(h);
          return { active: h.hasAttribute('active'), style: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor };
        }));
        const active = outlines.filter(o => o.active);
        assert.equal(active.length, 1);
        assert.equal(active[0].style, 'solid');
        assert.ok(active[0].width >= 1);
        const background = parseColour(THEMES[theme]['--vscode-editor-background'])!;
        const ratio = contrastRatio(parseColour(active[0].colour)!, background);
        assert.ok(ratio >= MARK_CONTRAST, `the outline has ${ratio.toFixed(2)}:1 against the background`);
        assert.ok(outlines.filter(o => !o.active).every(o => o.style === 'none'), 'only the selected tab is outlined');
        await view.page.locator('#tab-scatter').click();
        await view.screenshot(`tabs-${theme}`);
      } finally { await view.close(); }
    });
  }

  for (const theme of Object.keys(THEMES) as ThemeName[]) {
    test(`underlines the selected tab, and only it, with at least 3:1 against the ${theme} background`, async () => {
      const view = await openWebview({ theme });
      try {
        for (const message of fit.messages) { await view.send(message); }
        await view.waitForState('ready');
        await view.page.locator('#tab-table').click();
        const shadows = await view.page.locator('vscode-tab-header').evaluateAll(headers =>
          headers.map(h => ({ active: h.hasAttribute('active'), shadow: getComputedStyle(h).boxShadow })));
        const active = shadows.filter(s => s.active);
        assert.equal(active.length, 1);
        const colour = /rgba?\([^)]*\)/.exec(active[0].shadow)?.[0];
        assert.ok(colour, `an underline on the selected tab: ${active[0].shadow}`);
        const ratio = contrastRatio(parseColour(colour)!, parseColour(THEMES[theme]['--vscode-editor-background'])!);
        assert.ok(ratio >= MARK_CONTRAST, `the underline has ${ratio.toFixed(2)}:1`);
        assert.ok(shadows.filter(s => !s.active).every(s => s.shadow === 'none'));
      } finally { await view.close(); }
    });

    test(`keeps the Profiles tab's numbers at 4.5:1 on their tinted cells in the ${theme} theme`, async () => {
      const view = await openWebview({ theme });
      try {
        for (const message of fit.messages) { await view.send(message); }
        await view.waitForState('ready');
        await view.page.locator('#tab-profiles').click();
        await view.page.locator('#profile-table td').first().waitFor();
        const cells = await view.page.locator('#profile-table tbody td[title]').evaluateAll(tds => tds.map(td => {
          const style = getComputedStyle(td);
          return { text: style.color, tint: style.backgroundColor, value: td.textContent };
        }));
        assert.ok(cells.length >= 30);
        const background = parseColour(THEMES[theme]['--vscode-editor-background'])!;
        let strongest = 0;
        for (const cell of cells) {
          const alpha = Number(/rgba\([^)]*,\s*([\d.]+)\)/.exec(cell.tint)?.[1] ?? 1);
          strongest = Math.max(strongest, alpha);
          const ratio = contrastRatio(parseColour(cell.text)!, overlay(parseColour(cell.tint)!, background, alpha));
          assert.ok(ratio >= TEXT_CONTRAST, `${cell.value} on ${cell.tint}: ${ratio.toFixed(2)}:1`);
        }
        assert.ok(strongest > 0.1, 'the cells are tinted at all');
        await view.screenshot(`profiles-k10-${theme}`);
      } finally { await view.close(); }
    });

    test(`draws every cluster colour with at least 3:1 against the ${theme} background`, async () => {
      const view = await openWebview({ theme });
      try {
        for (const message of fit.messages) { await view.send(message); }
        await view.waitForState('ready');
        const background = parseColour(THEMES[theme]['--vscode-editor-background'])!;
        const drawn = await view.page.evaluate(() => {
          const inspect = (window as unknown as { clusterLensInspect(): { points: { cluster: number; fill: string }[]; shapes: { colour: string }[] } }).clusterLensInspect();
          const swatches = [...document.querySelectorAll('#cluster-summary thead .swatch')].map(s => getComputedStyle(s).backgroundColor);
          return { points: inspect.points.map(p => p.fill), shapes: inspect.shapes.map(s => s.colour), swatches };
        });
        assert.equal(drawn.swatches.length, 10);
        for (const colour of [...new Set([...drawn.points, ...drawn.shapes, ...drawn.swatches])]) {
          // points and outlines are drawn translucent; their colour at full strength is what must stand out
          const ratio = contrastRatio(parseColour(colour)!, background);
          assert.ok(ratio >= MARK_CONTRAST, `${colour} has ${ratio.toFixed(2)}:1 against ${THEMES[theme]['--vscode-editor-background']}`);
        }
        await view.screenshot(`scatter-k10-${theme}`);
      } finally { await view.close(); }
    });
  }

  test('recolours the clusters for the new background when the theme changes', async () => {
    const view = await openWebview({ theme: 'dark' });
    try {
      for (const message of fit.messages) { await view.send(message); }
      await view.waitForState('ready');
      const swatch = () => view.page.locator('#cluster-summary thead .swatch').nth(1).evaluate(s => getComputedStyle(s).backgroundColor);
      const onDark = await swatch();
      await view.page.evaluate(vars => {
        for (const [name, value] of Object.entries(vars)) { document.documentElement.style.setProperty(name, value); }
        document.body.className = 'vscode-light';
      }, THEMES.light as Record<string, string>);
      await view.page.waitForFunction(before => getComputedStyle(document.querySelectorAll('#cluster-summary thead .swatch')[1]).backgroundColor !== before, onDark, { timeout: 5000 });
      const ratio = contrastRatio(parseColour(await swatch())!, [255, 255, 255]);
      assert.ok(ratio >= MARK_CONTRAST, `sky blue on white after the switch: ${ratio.toFixed(2)}:1`);
    } finally { await view.close(); }
  });
});
