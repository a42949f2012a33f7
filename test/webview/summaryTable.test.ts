import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fitSampleFile, type RealFit } from './fixtures';
import { closeBrowser, openWebview, type WebviewPage } from './harness';

async function show(fit: RealFit, width = 1200): Promise<WebviewPage> {
  const view = await openWebview({ width, height: 900 });
  for (const message of fit.messages) { await view.send(message); }
  await view.waitForState('ready');
  return view;
}

/** The clusters table's layout: row-header line heights, and whether its last column can be seen. */
function measure(view: WebviewPage) {
  return view.page.evaluate(() => {
    const side = document.querySelector('.side') as HTMLElement;
    const table = document.getElementById('cluster-summary') as HTMLTableElement;
    const lineHeight = parseFloat(getComputedStyle(table).fontSize) * 1.6;
    const rowHeaders = [...table.querySelectorAll('th[scope="row"]')].map(th => th.getBoundingClientRect().height);
    side.scrollLeft = side.scrollWidth;
    const lastHeader = table.querySelector('thead th:last-child')!.getBoundingClientRect();
    const sideBox = side.getBoundingClientRect();
    return {
      lineHeight, rowHeaders, lastVisible: lastHeader.right <= sideBox.right + 1 && lastHeader.left >= sideBox.left,
      pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      sideWidth: sideBox.width, plotBottom: document.getElementById('scatter')!.getBoundingClientRect().bottom, sideTop: sideBox.top,
    };
  });
}

describe('the clusters table beside the scatter plot', () => {
  let three: RealFit;
  let eight: RealFit;
  let twenty: RealFit;
  before(async () => {
    three = await fitSampleFile('penguins.csv', { nComponents: 3 });
    const kmeans = { algorithm: 'kmeans', standardize: true, nInit: 2, maxIter: 300, tol: 1e-4 } as const;
    eight = await fitSampleFile('penguins.csv', { ...kmeans, nComponents: 8 });
    twenty = await fitSampleFile('penguins.csv', { ...kmeans, nComponents: 20 });
  });
  after(closeBrowser);

  for (const [name, width] of [['8 clusters', 1200], ['8 clusters in an 800 px editor', 800]] as const) {
    test(`keeps column names on one line and every cluster in view with ${name}`, async () => {
      const view = await show(eight, width);
      try {
        const layout = await measure(view);
        assert.ok(layout.rowHeaders.every(h => h <= layout.lineHeight), `row headers ${layout.rowHeaders.join(', ')} px high`);
        assert.ok(layout.lastVisible, 'the last cluster\'s column can be seen');
        assert.ok(layout.pageOverflow <= 0, 'the page itself does not scroll sideways');
        assert.ok(layout.sideTop >= layout.plotBottom, 'with many clusters the table goes under the plot, at full width');
        await view.screenshot(`summary-k8-${width}px`);
      } finally { await view.close(); }
    });
  }

  test('scrolls sideways to its last column with 20 clusters, the column names staying in view', async () => {
    const view = await show(twenty);
    try {
      const layout = await measure(view);
      assert.ok(layout.rowHeaders.every(h => h <= layout.lineHeight));
      assert.ok(layout.lastVisible, 'scrolled to the end, the 20th cluster shows');
      const stuck = await view.page.evaluate(() => {
        const side = document.querySelector('.side')!.getBoundingClientRect();
        const th = document.querySelector('#cluster-summary th[scope="row"]')!.getBoundingClientRect();
        return th.left - side.left;
      });
      assert.ok(Math.abs(stuck) <= 1, 'the column names stay at the left edge while the numbers scroll');
      await view.screenshot('summary-k20-scrolled');
    } finally { await view.close(); }
  });

  test('names its means as the model\'s, and the Profiles tab names its own as the mean of the rows labelled', async () => {
    const view = await show(three);
    try {
      const label = view.page.locator('#summary-mean-label');
      assert.equal(await label.innerText(), 'mean (model, probability-weighted)');
      assert.match(await label.getAttribute('title') ?? '', /Profiles tab shows the plain mean of the rows labelled/);
      await view.page.locator('#tab-profiles').click();
      await view.page.locator('#profile-table caption').waitFor();
      assert.equal(await view.page.locator('#profile-table caption').innerText(), 'Mean of the rows labelled with each cluster, by column');
      assert.match(await view.page.locator('#profile-note').innerText(), /mixture's means, which weigh every row by its probability/);
    } finally { await view.close(); }
  });

  test('shows a mean that is zero at its column\'s scale as 0.00, not 5.551e-17', async () => {
    const view = await openWebview();
    try {
      const [load, finish] = three.messages;
      assert.ok(finish.type === 'didFinishFit');
      const means = finish.fit.means.slice();
      means[0] = 5.551115123125783e-17;
      await view.send(load);
      await view.send({ ...finish, fit: { ...finish.fit, means } });
      await view.waitForState('ready');
      const firstMean = await view.page.locator('#cluster-summary tbody:nth-of-type(2) tr:nth-child(2) td').first().innerText();
      assert.equal(firstMean, '0.00', 'bill lengths of about 40 mm get two decimals; the tiny mean is their 0');
    } finally { await view.close(); }
  });
});
