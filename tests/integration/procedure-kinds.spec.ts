import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REQUIRED_ATTACHMENTS, sections } from '../../src/lib/domain/application-form.js';
import { GUIDE_SLUGS, guide, processSvg } from '../../src/lib/domain/guides.js';
import {
	levelsByKind,
	PROCEDURE_KINDS,
	procedureLabels,
	transitions,
	type ArchiveFormKind
} from '../../src/lib/domain/procedures.js';
import { ARCHIVE_FORM_TITLES } from '../../src/lib/server/certificates/archive-form.js';
import { OBTAINED_BY } from '../../src/lib/server/certificates/issue-certificate.js';
import { applications, archiveForms } from '../../src/lib/server/db/schema/index.js';

/**
 * Adding a procedure must not miss a list silently. The lists typed `Record<ProcedureKind, …>`
 * (or checked by `namesEveryKind`) are tsc's; this test covers those tsc cannot see — the
 * database's enums, the guides, the archive forms — and that the typed ones stay typed.
 */
const kinds = [...PROCEDURE_KINDS].sort();
const keysOf = (o: object) => Object.keys(o).sort();

describe('every ProcedureKind is in every list that must name it', () => {
	it('the graph: labels, levels, transitions', () => {
		expect(kinds).toEqual(['evaluation', 'recognition', 'reconfirmation', 'reissue']);
		expect(keysOf(procedureLabels)).toEqual(kinds);
		expect(keysOf(levelsByKind)).toEqual(kinds);
		expect(keysOf(transitions)).toEqual(kinds);
		for (const kind of kinds) {
			expect(transitions[kind].some((r) => r.from === 'draft')).toBe(true);
			expect(levelsByKind[kind].length).toBeGreaterThan(0);
		}
	});

	it('the database: applications.kind accepts exactly the kinds', () => {
		expect([...applications.kind.enumValues].sort()).toEqual(kinds);
	});

	it('the form: required materials and section titles', () => {
		expect(keysOf(REQUIRED_ATTACHMENTS)).toEqual(kinds);
		for (const kind of kinds) expect(sections(kind).length).toBeGreaterThan(0);
	});

	it('the guides: one per kind, with its summary and flow chart', () => {
		expect([...GUIDE_SLUGS].sort()).toEqual(kinds);
		for (const kind of kinds) {
			expect(guide(kind).summary.length).toBeGreaterThan(10);
			expect(processSvg(kind)).toContain(procedureLabels[kind]);
		}
	});

	it('the certificate: how it was obtained (获取方式)', () => {
		expect(keysOf(OBTAINED_BY)).toEqual(kinds);
	});

	it('the archive forms: exactly the kinds whose graph records one, in the domain and the database', () => {
		const withForm = kinds.filter((kind) =>
			transitions[kind].some((row) => row.effects?.includes('archiveForm'))
		);
		const domain: ArchiveFormKind[] = ['evaluation', 'recognition', 'reconfirmation'];
		expect(withForm).toEqual(domain);
		expect(keysOf(ARCHIVE_FORM_TITLES)).toEqual(domain);
		expect([...archiveForms.kind.enumValues].sort()).toEqual(domain);
	});

	it('the pages that list the kinds by hand are checked by tsc', () => {
		// A Svelte page is outside this test's imports: its list must stay typed so that
		// `npm run check` fails on a missing kind.
		const typed = {
			'src/routes/+page.svelte': 'namesEveryKind([',
			'src/routes/(app)/drafts/new/+page.svelte': 'Record<ProcedureKind, string>',
			'src/routes/(app)/archive-forms/+page.svelte': 'Record<ArchiveFormKind, string>'
		};
		for (const [path, marker] of Object.entries(typed))
			expect(readFileSync(path, 'utf8'), path).toContain(marker);
	});
});
