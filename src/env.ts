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
	WORKERS: {
		description: 'Whether this instance runs background jobs (notification fan-out, e-mail): on (default) or off.',
		schema: (value) => {
			if (!value || value === 'on') return true;
			if (value === 'off') return false;
			throw new Error('WORKERS must be on or off');
		}
	},
	FEED_POLL_SECONDS: {
		description: 'How often this instance looks for due feeds, in seconds (default 60; 0 turns the poller off).',
		schema: (value) => {
			if (!value) return 60;
			const seconds = Number(value);
			if (!Number.isInteger(seconds) || seconds < 0) throw new Error('FEED_POLL_SECONDS must be a whole number of seconds, 0 for off');
			return seconds;
		}
	},
	ORIGIN: {
		description: 'The public base URL of the site (https://seasonwatch.example), for absolute links in e-mails and feeds; default http://localhost:3000. adapter-node does not read it.',
		schema: (value) => {
			if (!value) return 'http://localhost:3000';
			let url: URL;
			try {
				url = new URL(value);
			} catch {
				throw new Error('ORIGIN must be a URL like https://seasonwatch.example');
			}
			if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('ORIGIN must start with http:// or https://');
			return url.origin;
		}
	},
	SMTP_URL: {
		description: 'smtp://user:pass@host:port (or smtps://) of the mail relay; unset: mails are written as .eml files to OUTBOX_DIR and one line is logged.',
		schema: (value) => {
			if (!value) return undefined;
			if (!/^smtps?:\/\//.test(value)) throw new Error('SMTP_URL must start with smtp:// or smtps://');
			return value;
		}
	},
	MAIL_FROM: {
		description: 'Sender of notification e-mails (default "Seasonwatch <no-reply@seasonwatch.local>").',
		schema: (value) => value || 'Seasonwatch <no-reply@seasonwatch.local>'
	},
	OUTBOX_DIR: {
		description: 'Where mails go as .eml files when SMTP_URL is unset (default DATA_DIR/outbox).',
		schema: (value) => value || undefined
	}
});
