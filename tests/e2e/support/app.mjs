// Tafel-specific helpers for the end-to-end tests: finding board columns and cards, and reading the
// local store (IndexedDB "tafel", object store "records", JSON text records keyed like "wp/12").
import assert from 'node:assert/strict';
import { t } from './catalog.mjs';

export const DEMO = '/projects/city-portal';

/** The board column whose heading shows `name`. */
export function column(page, name) {
  return page.locator('[data-testid="board-column"]', {
    has: page.locator('.tafel-column__name', { hasText: new RegExp(`^${name}$`) }),
  });
}

export function card(page, id) {
  return page.locator(`[data-card-id="${id}"]`);
}

/** The ids of the cards in a column, top to bottom. */
export async function cardIds(page, name) {
  return column(page, name)
    .locator('[data-card-id]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-card-id'))));
}

/**
 * The ids of a column's cards once it shows one. The app is ready before a project's data is read,
 * and the board is drawn with the data: a test that starts on a board reads its cards through this.
 */
export async function drawnCardIds(page, name) {
  await column(page, name).locator('[data-card-id]').first().waitFor();
  return cardIds(page, name);
}

/** Reads one stored record, as the app persisted it; null when absent. */
export async function readRecord(page, key) {
  return page.evaluate(
    (key) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('tafel');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('records').objectStore('records').get(key);
          get.onsuccess = () => {
            db.close();
            resolve(get.result === undefined ? null : JSON.parse(get.result));
          };
          get.onerror = () => reject(get.error);
        };
      }),
    key,
  );
}

/** Every record of the store in the browser, parsed (`{ work_package }`, `{ relation }`, …). */
export async function readAllRecords(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('tafel');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('records').objectStore('records').getAll();
          get.onsuccess = () => {
            db.close();
            resolve(get.result.map((text) => JSON.parse(text)));
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

/** Waits until the stored work package satisfies `predicate` (the write has reached IndexedDB). */
export async function waitForStored(page, id, predicate, what) {
  const deadline = Date.now() + 10_000;
  let last;
  while (Date.now() < deadline) {
    last = await readRecord(page, `wp/${id}`);
    if (last && predicate(last.work_package)) return last.work_package;
    await page.waitForTimeout(50);
  }
  assert.fail(`work package #${id} was not stored ${what}; last stored: ${JSON.stringify(last?.work_package)}`);
}

/** The status id shown by a column's `data-column`. */
export async function statusIdOf(page, name) {
  return Number(await column(page, name).getAttribute('data-column'));
}

/** Writes a raw record straight into the store, bypassing the app (to simulate damage). */
export async function writeRawRecord(page, key, text) {
  await page.evaluate(
    ([key, text]) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('tafel');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('records', 'readwrite');
          tx.objectStore('records').put(text, key);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [key, text],
  );
}

/** Waits for the start-up message that a part of Tafel's code could not be fetched, in English. */
export async function startupSaysCodeFailed(page) {
  const failed = page.getByTestId('startup-failed');
  await failed.waitFor();
  const [before] = t('en', 'ErrCodeLoadFailed').split('{reason}');
  assert.ok((await failed.textContent()).includes(before), await failed.textContent());
}
