// `npm run token -- create --name NAME | list | revoke --id N`: API tokens for POST /api/news.
import { parseArgs } from 'node:util';
import { createDatabase, migrateToLatest } from '../src/lib/server/db/index.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../src/lib/server/repositories/api-tokens.ts';
import { databaseConfigFromEnv, reason } from './lib/config.ts';

function usage(message: string): never {
	process.stderr.write(`token: ${message} (usage: npm run token -- create --name NAME | list | revoke --id N)\n`);
	process.exit(2);
}

let parsed;
try {
	parsed = parseArgs({ allowPositionals: true, options: { name: { type: 'string' }, id: { type: 'string' } } });
} catch (error) {
	usage(reason(error));
}
const [command] = parsed.positionals;
if (!['create', 'list', 'revoke'].includes(command)) usage(`unknown command "${command ?? ''}"`);
if (command === 'create' && !parsed.values.name?.trim()) usage('create needs --name');
if (command === 'revoke' && !/^\d+$/.test(parsed.values.id ?? '')) usage('revoke needs --id N');

const db = createDatabase({ ...databaseConfigFromEnv(), poolSize: 1 });
try {
	await migrateToLatest(db);
	if (command === 'create') {
		const { id, token } = await createApiToken(db, parsed.values.name!.trim());
		console.log(`token ${id} for "${parsed.values.name!.trim()}" (shown once; only its hash is stored):\n${token}`);
	} else if (command === 'list') {
		for (const t of await listApiTokens(db)) {
			console.log(`${t.id}\t${t.name}\tcreated ${t.createdAt.toISOString()}\t${t.revokedAt ? 'revoked' : t.lastUsedAt ? `last used ${t.lastUsedAt.toISOString()}` : 'never used'}`);
		}
	} else if (!(await revokeApiToken(db, Number(parsed.values.id)))) {
		process.stderr.write(`token: no active token ${parsed.values.id}\n`);
		process.exitCode = 1;
	}
} catch (error) {
	process.stderr.write(`token: ${reason(error)}\n`);
	process.exitCode = 1;
} finally {
	await db.destroy();
}
