import { devices } from '@playwright/test';

/**
 * A 390×844 phone (the CSS viewport of iPhone 12–15), with a phone's pixel ratio, touch and
 * Chromium's mobile user agent: the size on which the scanner once read no printed code.
 */
export const PHONE: Record<string, unknown> = {
	...devices['Pixel 7'],
	viewport: { width: 390, height: 844 },
	screen: { width: 390, height: 844 },
	deviceScaleFactor: 3
};
delete PHONE.defaultBrowserType;
