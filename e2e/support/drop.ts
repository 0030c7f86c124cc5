/** Drag and drop of files onto the workbench, with the events a browser sends. */
import { expect, type Page } from '@playwright/test';

export interface DroppedFile {
  name: string;
  bytes: Buffer;
}

/** Drags files over the window and drops them on `target` (a drop zone's test id), or on the body. */
export async function dropFiles(page: Page, files: DroppedFile[], target?: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    (list) => {
      const dt = new DataTransfer();
      for (const f of list)
        dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
      return dt;
    },
    files.map((f) => ({ name: f.name, b64: f.bytes.toString('base64') })),
  );
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  const where = target ? `[data-testid="${target}"]` : 'body';
  if (target) await expect(page.getByTestId(target)).toBeVisible();
  await page.dispatchEvent(where, 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent(where, 'drop', { dataTransfer: transfer });
}
