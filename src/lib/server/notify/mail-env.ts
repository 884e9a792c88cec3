import { join } from 'node:path';
import { DATA_DIR, MAIL_FROM, ORIGIN, OUTBOX_DIR, SMTP_URL } from '$app/env/private';
import type { MailerOptions } from './mail.ts';

/** The mailer settings of the running app, from src/env.ts (SMTP_URL, MAIL_FROM, ORIGIN, OUTBOX_DIR). */
export function mailerOptionsFromEnv(): MailerOptions {
	return {
		smtpUrl: SMTP_URL,
		from: MAIL_FROM,
		origin: ORIGIN,
		outboxDir: OUTBOX_DIR ?? join(DATA_DIR, 'outbox')
	};
}
