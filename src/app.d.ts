import type { Actor } from '#lib/domain/policy.js';
import type { Session, User } from '#lib/server/db/schema/index.js';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
		}
		interface Locals {
			user: User | null;
			session: Session | null;
			actor: Actor | null;
		}
	}
}

export {};
