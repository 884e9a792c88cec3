import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../account-rules.ts';

// OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane). `Algorithm` is a const enum, which
// plain Node's type stripping cannot inline, so its value (Argon2id = 2) is written here.
const OPTIONS: Options = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

// A hash of a password nobody has, with the same parameters: verifying it for an unknown
// e-mail makes a failed log-in take as long whether or not the account exists.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$cT0RA7qYbaAWoZVbzf0Xmg$jqvzfQm+zw/g50emDkGlsQHBAB/QrChjiIjXhVo9zKM';

export { PASSWORD_MIN, PASSWORD_MAX };

/** Why a new password is unacceptable, or null when it is fine. */
export function passwordProblem(password: string): string | null {
	if (password.length < PASSWORD_MIN) return `Passwords must be at least ${PASSWORD_MIN} characters long.`;
	if (password.length > PASSWORD_MAX) return `Passwords must be at most ${PASSWORD_MAX} characters long.`;
	return null;
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		// A malformed stored hash never matches.
		return false;
	}
}

/** Spends the time of one verification without any account (unknown e-mail). */
export async function verifyDummyPassword(password: string): Promise<false> {
	await verifyPassword(DUMMY_HASH, password);
	return false;
}
