// drizzle-kit qualifies foreign-key targets with "public". Migrations must run in whatever
// schema the search_path names (tests use a fresh schema per run), so the qualifier goes.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

for (const name of readdirSync('drizzle').filter((f) => f.endsWith('.sql'))) {
	const path = `drizzle/${name}`;
	const sql = readFileSync(path, 'utf8');
	const fixed = sql.replaceAll('"public".', '');
	if (fixed !== sql) writeFileSync(path, fixed);
}
