import { defineConfig } from 'drizzle-kit';

// Generation only diffs the schema files against drizzle/ snapshots; no database needed.
export default defineConfig({
	schema: './src/lib/server/db/schema/index.ts',
	out: './drizzle',
	dialect: 'postgresql',
	strict: true,
	verbose: true
});
