// Takes screenshots of the main views for a person to look at: board, table and detail, light and dark,
// English and German, 1280 px and 375 px wide. Not part of the test suite; run after a release build:
//   node tests/e2e/screenshots.mjs        → tests/e2e/artifacts/screens/*.png
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as e2e from './support/browser.mjs';
import { DEMO } from './support/app.mjs';

const ctx = await e2e.setup();
const dir = join(e2e.ARTIFACTS_DIR, 'screens');
mkdirSync(dir, { recursive: true });
// What a person sees in the window, not the whole scrolled page.
async function shot(page, name) {
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
const shots = [];
try {
  for (const width of [1280, 375]) {
    for (const colorScheme of ['light', 'dark']) {
      for (const locale of ['en-GB', 'de-DE']) {
        const context = await e2e.newContext(ctx, { viewport: { width, height: 860 }, colorScheme, locale });
        const { page, problems } = await e2e.openApp(ctx, `${DEMO}/board`, { context });
        await page.locator('[data-card-id]').first().waitFor();
        const tag = `${width}-${colorScheme}-${locale.slice(0, 2)}`;
        shots.push(await shot(page, `board-${tag}`));
        await page.goto(`${ctx.baseURL}${DEMO}/table`);
        await page.getByTestId('wp-row').first().waitFor();
        shots.push(await shot(page, `table-${tag}`));
        const id = await page.getByTestId('wp-row').nth(2).getAttribute('data-wp-id');
        await page.goto(`${ctx.baseURL}${DEMO}/table?wp=${id}`);
        await page.getByTestId('detail').waitFor();
        await page.getByTestId('activity').waitFor();
        shots.push(await shot(page, `detail-${tag}`));
        if (problems.length) console.error(`${tag}: ${problems.join('\n')}`);
        await context.close();
      }
    }
  }
} finally {
  await e2e.teardown(ctx);
}
console.log(shots.join('\n'));
