/**
 * tsx tests/vectors/prepare.ts OUT.json
 *
 * Prepares a database for the browser tests and the verification benchmark, BEFORE the server
 * starts on it (the embedded database is single-process): the real certificates behind the
 * shared vectors (materialize.ts) with their own offices — not the demo data, whose offices
 * would take the approvals (routing picks the tier's office) — so the server does not seed.
 * Writes the resolved vectors (token per case, expected verdicts), the holders' ID numbers and
 * the valid certificates' tokens to OUT.json. With PREPARE_CERTIFICATE_PDF=FILE (and
 * PREPARE_ORIGIN, the server's origin) it also writes the signed PDF of the `valid` vector's
 * certificate, as its holder downloads it, for tests that photograph the printed page.
 *
 * Database: DATA_DIR (embedded PGlite, key file in it), or DATABASE_URL + DATABASE_SCHEMA
 * (PostgreSQL; MASTER_KEY must be set, as for the server).
 */
import { writeFileSync } from 'node:fs';
import { asc, eq } from 'drizzle-orm';
import { openDatabase, useDatabase } from '../../src/lib/server/db/index.js';
import { signArchiveFormToken } from '../../src/lib/domain/archive-form-token.js';
import { tokenKeyFor } from '../../src/lib/server/certificates/token-keys.js';
import { renderIssuedCertificate } from '../../src/lib/server/certificates/issued-pdf.js';
import { archiveForms, certificates } from '../../src/lib/server/db/schema/index.js';
import { isEmpty } from '../../src/lib/server/demo/seed.js';
import { registerEffects } from '../../src/lib/server/effects.js';
import { resolveVectors } from './certificates.js';
import { materializeVectors } from './materialize.js';

const out = process.argv[2];
if (!out) {
	console.error('usage: tsx tests/vectors/prepare.ts OUT.json');
	process.exit(2);
}
// As the server does at start: transitions issue certificates through registered handlers.
registerEffects();

const handle = await openDatabase({
	url: process.env.DATABASE_URL || undefined,
	pgSchema: process.env.DATABASE_SCHEMA || undefined
});
useDatabase(handle);
try {
	if (!(await isEmpty(handle.db))) throw new Error('prepare needs an empty database');
	const source = await materializeVectors();
	const vectors = await resolveVectors(source);
	const demo = await handle.db
		.select({
			token: certificates.token,
			no: certificates.certificateNo,
			name: certificates.holderName
		})
		.from(certificates)
		.where(eq(certificates.status, 'valid'))
		.orderBy(asc(certificates.createdAt))
		.limit(50);
	const [form] = await handle.db
		.select()
		.from(archiveForms)
		.orderBy(asc(archiveForms.createdAt))
		.limit(1);
	const formToken = await signArchiveFormToken(
		form,
		await tokenKeyFor(handle.db, form.issuerOrgId)
	);
	const pdfFile = process.env.PREPARE_CERTIFICATE_PDF;
	if (pdfFile) {
		const [cert] = await handle.db
			.select()
			.from(certificates)
			.where(eq(certificates.token, source.tokens.valid));
		const origin = process.env.PREPARE_ORIGIN ?? 'http://localhost:3000';
		writeFileSync(pdfFile, await renderIssuedCertificate(handle.db, cert, origin));
	}
	writeFileSync(
		out,
		JSON.stringify({ vectors, idNumbers: source.idNumbers, valid: demo, formToken }, null, 1)
	);
	console.info(`[vectors] ${vectors.length} vectors, ${demo.length} valid certificates → ${out}`);
} finally {
	await handle.close();
}
