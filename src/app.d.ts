import type { Actor } from '#lib/domain/policy.js';
import type { Session, User } from '#lib/server/db/schema/index.js';

declare global {
	/** Public key (base64url) of the city root key, built in by vite.config.ts. */
	const __CITY_ROOT_KEY__: string;
	namespace App {
		interface Error {
			message: string;
			code?: string;
			/** The request's id (X-Request-Id), shown so a user can quote it to the help desk. */
			requestId?: string;
		}
		interface Locals {
			user: User | null;
			session: Session | null;
			actor: Actor | null;
			/** Set first in `handle` (#lib/server/observability/request-id.ts). */
			requestId: string;
		}
	}
}

export {};
