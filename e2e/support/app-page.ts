/**
 * The workbench page as the tests see it: locators by `data-testid` and the readiness marker
 * (`data-app-state` on the app root: "empty", "loading", "loaded"), never sleeps.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class AppPage {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('app');
  }

  /** One capture's own grid (the side-by-side view). */
  grid(side: 'baseline' | 'problem'): Locator {
    return this.page.getByTestId(`grid-${side}`);
  }

  /** Event rows of a capture's grid; each carries its Result class. */
  gridRows(side: 'baseline' | 'problem'): Locator {
    return this.grid(side).locator('[data-result-class]');
  }

  /** Rows of the aligned view; each carries its kind (same, changed, baseline-only, ...). */
  get alignedRows(): Locator {
    return this.page.getByTestId('grid-aligned').locator('[data-kind]');
  }

  get findings(): Locator {
    return this.page.getByTestId('finding');
  }

  get failuresList(): Locator {
    return this.page.getByTestId('failures-list');
  }

  async showSideBySide(): Promise<void> {
    await this.page.getByTestId('view-side-by-side').click();
    await expect(this.page.getByTestId('side-by-side')).toBeVisible();
  }

  async waitLoaded(timeout = 60_000): Promise<void> {
    await expect(this.page.locator('[data-app-state="loaded"]')).toBeVisible({ timeout });
  }
}

/** The address of the shared browser-mode host started by global-setup.ts. */
export function hostUrl(): string {
  const url = process.env.TRACEDIFF_E2E_URL;
  if (!url) throw new Error('TRACEDIFF_E2E_URL is not set: the e2e global setup did not start the web host.');
  return url;
}

export function hostOrigin(): string {
  return new URL(hostUrl()).origin;
}

export function hostToken(): string {
  return process.env.TRACEDIFF_E2E_TOKEN ?? '';
}
