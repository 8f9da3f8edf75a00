import { customType } from 'drizzle-orm/pg-core';

/** PostgreSQL bytea as Uint8Array (file bytes stored where every instance sees them). */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});
