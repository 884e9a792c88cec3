import { defineEnvVars } from '@sveltejs/kit/env';

export const variables = defineEnvVars({
	DATABASE_URL: {
		description: 'postgres://… for PostgreSQL; unset for the embedded PGlite database.',
		schema: (value) => {
			if (!value) return undefined;
			if (!/^postgres(ql)?:\/\//.test(value)) throw new Error('DATABASE_URL must start with postgres://');
			return value;
		}
	},
	DATA_DIR: {
		description: 'Where the embedded database keeps its files (default ./data).',
		schema: (value) => value || './data'
	},
	DATABASE_POOL_SIZE: {
		description: 'Connections per app instance to PostgreSQL (default 10).',
		schema: (value) => {
			if (!value) return 10;
			const size = Number(value);
			if (!Number.isInteger(size) || size < 1) throw new Error('DATABASE_POOL_SIZE must be a positive integer');
			return size;
		}
	},
	FETCH_ALLOW_HOSTS: {
		description: 'Hosts (host or host:port, comma-separated) that may be fetched although they resolve to private or loopback addresses; for tests and intranet feeds.',
		schema: (value) => (value ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean)
	},
	FEED_POLL_SECONDS: {
		description: 'How often this instance looks for due feeds, in seconds (default 60; 0 turns the poller off).',
		schema: (value) => {
			if (!value) return 60;
			const seconds = Number(value);
			if (!Number.isInteger(seconds) || seconds < 0) throw new Error('FEED_POLL_SECONDS must be a whole number of seconds, 0 for off');
			return seconds;
		}
	}
});
