// `npm run user -- create --email E [--role user|editor|admin]`: the password comes from
// SW_PASSWORD or from the first line of stdin (never from the command line, which `ps` shows).
// `npm run user -- role --email E --role editor`: changes the role of an existing account.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createDatabase, migrateToLatest } from '../src/lib/server/db/index.ts';
import type { Role } from '../src/lib/server/db/types.ts';
import { AccountError, ROLES, createUser, normaliseEmail, setRole } from '../src/lib/server/auth/users.ts';
import { databaseConfigFromEnv, fail, reason } from './lib/config.ts';

const USAGE = 'npm run user -- create --email E [--role user|editor|admin] (password from SW_PASSWORD or stdin) | role --email E --role R';

function usage(message: string): never {
	fail(`user: ${message} (usage: ${USAGE})`, 2);
}

async function readPassword(): Promise<string> {
	if (process.env.SW_PASSWORD !== undefined) return process.env.SW_PASSWORD;
	if (process.stdin.isTTY) process.stderr.write('password: ');
	const lines = createInterface({ input: process.stdin, terminal: false });
	for await (const line of lines) {
		lines.close();
		return line;
	}
	return '';
}

let parsed;
try {
	parsed = parseArgs({ allowPositionals: true, options: { email: { type: 'string' }, role: { type: 'string' } } });
} catch (error) {
	usage(reason(error));
}
const [command, ...extra] = parsed.positionals;
if (command !== 'create' && command !== 'role') usage(`unknown command "${command ?? ''}"`);
if (extra.length) usage(`unexpected argument "${extra[0]}"`);
if (!parsed.values.email) usage(`${command} needs --email`);
if (command === 'role' && !parsed.values.role) usage('role needs --role');
const role = (parsed.values.role ?? 'user') as Role;
if (!ROLES.includes(role)) usage(`--role must be one of ${ROLES.join(', ')}`);
let email: string;
try {
	email = normaliseEmail(parsed.values.email);
} catch (error) {
	usage(reason(error));
}
const password = command === 'create' ? await readPassword() : '';

const db = createDatabase({ ...databaseConfigFromEnv(), poolSize: 1 });
let message: string | null = null;
let code = 0;
try {
	await migrateToLatest(db);
	if (command === 'create') {
		const user = await createUser(db, { email, password, role });
		console.log(`user ${user.id} ${user.email} created with role ${user.role}`);
	} else {
		const user = await setRole(db, email, role);
		if (!user) {
			message = `user: no account for ${email}`;
			code = 2;
		} else console.log(`user ${user.id} ${user.email} now has role ${user.role}`);
	}
} catch (error) {
	message = `user: ${reason(error)}`;
	code = error instanceof AccountError ? 2 : 1;
} finally {
	await db.destroy();
}
if (message) fail(message, code);
