import type { DatabaseConfig } from '../../src/lib/server/db/index.ts';

/** The database the scripts use: the same variables the app reads through src/env.ts. */
export function databaseConfigFromEnv(env = process.env): DatabaseConfig {
	return {
		databaseUrl: env.DATABASE_URL || undefined,
		dataDir: env.DATA_DIR || './data',
		poolSize: env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : undefined
	};
}

/** One line for the user, no stack: the reason a script cannot go on. */
export function fail(message: string, code = 1): never {
	process.stderr.write(`seasonwatch: ${message}\n`);
	process.exit(code);
}

export function reason(error: unknown): string {
	if (error instanceof AggregateError && error.errors.length) return reason(error.errors[0]);
	if (error instanceof Error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message || String(code);
	}
	return String(error);
}
