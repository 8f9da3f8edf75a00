/**
 * The form's option lists (series, qualifications, employers…) from GET /api/options: the
 * network when there is one, else the copy kept in IndexedDB (the service worker keeps one
 * too; this second copy also covers a browser that has no worker yet).
 */
import { getMeta, setMeta } from '../drafts/store.js';

export interface FormOptions {
	procedures: { code: string; name: string; levels: string[] }[];
	series: { code: string; name: string }[];
	levels: { code: string; name: string }[];
	qualifications: Record<string, Record<string, string[]>>;
	counties: { code: string; name: string }[];
	employers: { id: string; name: string; tier: string | null }[];
	educationLevels: Record<string, string>;
	degrees: Record<string, string>;
	sexes: Record<string, string>;
	achievementTypes: Record<string, string>;
	attachmentPurposes: Record<string, string>;
}

const KEY = 'options';

export async function loadOptions(): Promise<FormOptions | null> {
	try {
		const response = await fetch('/api/options');
		if (response.ok) {
			const options = (await response.json()) as FormOptions;
			await setMeta(KEY, options);
			return options;
		}
	} catch {
		// offline: fall through to the kept copy
	}
	return (await getMeta<FormOptions>(KEY)) ?? null;
}
