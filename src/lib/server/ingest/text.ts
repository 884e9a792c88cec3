import { createHash } from 'node:crypto';

/** A user-facing error whose message a person can act on. */
export class InputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'InputError';
	}
}

const MAX_TEXT_BYTES = 1_000_000;

function isBinary(bytes: Uint8Array): boolean {
	let control = 0;
	for (const b of bytes) {
		if (b === 0) return true;
		if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) control++;
		else if (b === 0x7f) control++;
	}
	return bytes.length > 0 && control / bytes.length > 0.1;
}

/**
 * Turn pasted or uploaded story text into clean UTF-8 text: refuses oversize,
 * binary and non-UTF-8 input, strips a BOM, normalises line endings and NFC.
 */
export function decodeStoryText(input: string | Buffer): string {
	let text: string;
	if (typeof input === 'string') {
		const size = Buffer.byteLength(input, 'utf8');
		if (size > MAX_TEXT_BYTES) throw new InputError(`the text is ${size} bytes; at most 1 MB`);
		if (input.includes('\u0000')) throw new InputError('the text looks binary, not text');
		text = input;
	} else {
		if (input.length > MAX_TEXT_BYTES) throw new InputError(`the text is ${input.length} bytes; at most 1 MB`);
		if (isBinary(input)) throw new InputError('the text looks binary, not text');
		try {
			text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input);
		} catch {
			throw new InputError('the text is not valid UTF-8');
		}
	}
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	text = text.replace(/\r\n?/g, '\n').normalize('NFC').trimEnd();
	if (text.trim() === '') throw new InputError('the text is empty');
	return text;
}

/** sha256 of the text with whitespace collapsed and case folded, for duplicate detection. */
export function contentHash(text: string): string {
	const normal = text.replace(/\s+/g, ' ').trim().toLowerCase();
	return createHash('sha256').update(normal, 'utf8').digest('hex');
}

const TRACKING_PARAMS = new Set(['fbclid', 'gclid', 'ref', 'mc_cid', 'mc_eid']);

/** A canonical form of a URL for de-duplication. */
export function canonicalUrl(url: string): string {
	let u: URL;
	try {
		u = new URL(url);
	} catch {
		throw new InputError(`not a valid address: ${url}`);
	}
	u.hash = '';
	u.hostname = u.hostname.toLowerCase();
	if ((u.protocol === 'http:' && u.port === '80') || (u.protocol === 'https:' && u.port === '443')) u.port = '';
	const kept = [...u.searchParams.entries()].filter(([key]) => {
		const k = key.toLowerCase();
		return !k.startsWith('utm_') && !TRACKING_PARAMS.has(k);
	});
	kept.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
	const params = new URLSearchParams(kept);
	u.search = kept.length ? `?${params.toString()}` : '';
	if (u.pathname.length > 1 && u.pathname.endsWith('/')) u.pathname = u.pathname.replace(/\/+$/, '') || '/';
	return u.toString();
}
