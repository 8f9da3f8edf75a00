import { expect, type Page } from '@playwright/test';

/**
 * "No English on the screen": the UI is Simplified Chinese, so a Latin word a person can see is
 * a leftover (an untranslated label, a raw error, a browser's own page).
 *
 * What counts as a word: a run of two or more Latin letters standing alone — not touching a
 * digit, another letter, `_`, `.` or `@`. So these are NOT flagged:
 * - single letters (the X of an ID number, the A / R / J / K named as keyboard shortcuts);
 * - codes mixing letters and digits (application number ZC2026…, waybill SF1234…);
 * - dotted tokens (login names like emp.liugang, file names like 毕业证.pdf, host names) and
 *   e-mail addresses;
 * - whatever the person typed themselves (login names, names, e-mails…): pass those as `typed`;
 *   each occurrence is removed from the text before the search;
 * - the words in ALLOWED_LATIN, case-insensitively: abbreviations Chinese UIs use as they are
 *   (file formats, QR, ID, OK, MB) and key names printed on keyboards.
 *
 * Where the text comes from (`visibleText`): the page title, every text node whose element is
 * rendered (CSS-visible; screen-reader-only text counts too, since people hear it), the options of
 * visible selects, and the value (of fields showing one), placeholder, aria-label and alt of
 * visible controls and images.
 */
export const ALLOWED_LATIN: readonly string[] = [
	'PDF',
	'JPEG',
	'JPG',
	'PNG',
	'QR',
	'ID',
	'OK',
	'KB',
	'MB',
	'Ctrl',
	'Enter'
];

const WORD = /(?<![A-Za-z0-9_.@])[A-Za-z]{2,}(?![A-Za-z0-9_.@])/g;

/** The Latin words in `text` that are not typed by the person, nor allowed (see above). */
export function latinWords(text: string, typed: readonly string[] = []): string[] {
	let rest = text;
	for (const value of typed) if (value) rest = rest.split(value).join(' ');
	const allowed = new Set(ALLOWED_LATIN.map((w) => w.toLowerCase()));
	return [...new Set(rest.match(WORD) ?? [])].filter((w) => !allowed.has(w.toLowerCase()));
}

/** Everything a person can see or hear on the page now, as one string (see above). */
export function visibleText(page: Page): Promise<string> {
	return page.evaluate(() => {
		const parts: string[] = [document.title];
		const shown = (el: Element) => el.checkVisibility({ checkVisibilityCSS: true });
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const el = node.parentElement;
			if (!el || !node.textContent?.trim()) continue;
			if (el.closest('script, style, noscript, template, select')) continue;
			if (shown(el)) parts.push(node.textContent);
		}
		for (const el of document.querySelectorAll('input, textarea, select, img, [aria-label]')) {
			if (!shown(el)) continue;
			if (el instanceof HTMLSelectElement) {
				for (const o of el.options) parts.push(o.text);
			} else if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
				// A radio's or checkbox's value is never shown, a password's never readable.
				if (!['password', 'hidden', 'file', 'radio', 'checkbox'].includes(el.type))
					parts.push(el.value);
				parts.push(el.placeholder);
			}
			if (el instanceof HTMLImageElement) parts.push(el.alt);
			parts.push(el.getAttribute('aria-label') ?? '');
		}
		return parts.join('\n');
	});
}

/**
 * The page is ours and Chinese: not a browser error page (chrome-error://, "This site can't be
 * reached"), not the app's error page, and no Latin words beyond what `latinWords` lets through.
 */
export async function expectChinesePage(page: Page, typed: readonly string[] = []) {
	expect(page.url(), 'a browser error page').not.toMatch(/^(chrome-error|about:neterror)/);
	await expect(page.getByText(/^错误代码 \d+$/), 'the app’s error page').toHaveCount(0);
	const words = latinWords(await visibleText(page), typed);
	expect(words, `English on ${new URL(page.url()).pathname}`).toEqual([]);
}
