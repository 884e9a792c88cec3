declare global {
	namespace App {
		interface Error {
			status: number;
			message: string;
		}
		interface Locals {
			/** The logged-in user, validated once per request in hooks.server.ts. */
			user: import('#lib/server/auth/session.ts').SessionUser | null;
			session: import('#lib/server/auth/session.ts').Session | null;
		}
	}
}

export {};
