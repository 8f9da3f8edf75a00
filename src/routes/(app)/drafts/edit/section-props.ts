import type { ApplicationDraft } from '#lib/domain/application-form.js';

/** What each section of fields in the draft editor gets from the editor. */
export interface SectionProps {
	/** Bound: the section edits the draft in place. */
	draft: ApplicationDraft;
	/** The error to show at a field's path, if any yet. */
	err: (path: string) => string | undefined;
	/** Marks a field's path as visited. */
	touch: (path: string) => void;
}
