/**
 * npm run certificate:sample -- FILE.pdf [--style junior|intermediate]
 *
 * Writes the signed PDF of one demo certificate from the embedded database in DATA_DIR (default
 * ./data), seeding it first when it is new: for designers iterating on the look, and for checks.
 * Run it while the app is stopped (the embedded database is single-process). The QR points to
 * ORIGIN (default http://localhost:$PORT, port 3000), so it verifies once the demo runs there.
 */
import { writeFileSync } from 'node:fs';
import { and, asc, eq } from 'drizzle-orm';
import { renderIssuedCertificate } from '../src/lib/server/certificates/issued-pdf.js';
import { openDatabase, useDatabase } from '../src/lib/server/db/index.js';
import { certificates } from '../src/lib/server/db/schema/index.js';
import { isEmpty, seedDemo } from '../src/lib/server/demo/seed.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const styleArg =
	args.find((a) => a.startsWith('--style'))?.split('=')[1] ?? args[args.indexOf('--style') + 1];
const style = styleArg === 'junior' ? 'junior' : 'intermediate';
if (!file) {
	console.error('usage: npm run certificate:sample -- FILE.pdf [--style junior|intermediate]');
	process.exit(2);
}
if (process.env.DATABASE_URL) {
	console.error('certificate:sample uses the embedded database; unset DATABASE_URL.');
	process.exit(2);
}

const handle = await openDatabase();
useDatabase(handle);
try {
	if (await isEmpty(handle.db)) {
		console.info('[certificate:sample] new database: seeding demo data…');
		await seedDemo(handle.db);
	}
	const [cert] = await handle.db
		.select()
		.from(certificates)
		.where(and(eq(certificates.status, 'valid'), eq(certificates.style, style)))
		.orderBy(asc(certificates.createdAt))
		.limit(1);
	if (!cert) throw new Error(`no valid ${style} certificate in this database`);
	const origin = process.env.ORIGIN ?? `http://localhost:${process.env.PORT ?? 3000}`;
	const pdf = await handle.db.transaction((tx) => renderIssuedCertificate(tx, cert, origin));
	writeFileSync(file, pdf);
	console.info(
		`[certificate:sample] ${file}: ${style} certificate ${cert.certificateNo}, ${(pdf.length / 1024).toFixed(1)} KB, QR → ${origin.toUpperCase()}/V/…`
	);
} finally {
	await handle.close();
}
