import http from 'node:http';
import https from 'node:https';
import dns from 'node:dns';
import zlib from 'node:zlib';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import ipaddr from 'ipaddr.js';
import { InputError } from './text.ts';

/** A fetch that failed or was refused; the message is meant for a person. */
export class FetchError extends InputError {
	constructor(message: string) {
		super(message);
		this.name = 'FetchError';
	}
}

export interface SafeFetchOptions {
	/** Acceptable content types (mime part, lower-case); anything else is refused. */
	accept?: string[];
	/** Sent as If-None-Match. */
	etag?: string;
	/** Sent as If-Modified-Since. */
	lastModified?: string;
	/** Hosts (`hostname` or `hostname:port`) allowed to resolve to non-public addresses. */
	allowHosts?: string[];
	/** Largest body accepted, after decompression. Default 5 000 000. */
	maxBytes?: number;
	/** Overall time limit, redirects included. Default 10 000. */
	timeoutMs?: number;
	/** Default 5. */
	maxRedirects?: number;
}

export interface SafeFetchResult {
	/** The final address, after redirects. */
	url: string;
	status: number;
	notModified: boolean;
	body: Buffer;
	contentType: string | null;
	etag: string | null;
	lastModified: string | null;
}

export const USER_AGENT = 'Seasonwatch/0.1 (+https://seasonwatch.example)';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Hosts from FETCH_ALLOW_HOSTS (comma separated), for local development and tests. */
export function allowHostsFromEnv(env: Record<string, string | undefined> = process.env): string[] {
	return (env.FETCH_ALLOW_HOSTS ?? '')
		.split(',')
		.map((h) => h.trim().toLowerCase())
		.filter((h) => h !== '');
}

interface Resolved {
	address: string;
	family: 4 | 6;
}

function parseTarget(raw: string): URL {
	let u: URL;
	try {
		u = new URL(raw);
	} catch {
		throw new FetchError(`not a valid address: ${raw}`);
	}
	if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FetchError('only http and https addresses can be fetched');
	if (u.username || u.password) throw new FetchError('addresses with a user name or password cannot be fetched');
	return u;
}

function bareHost(u: URL): string {
	return u.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

function effectivePort(u: URL): number {
	if (u.port) return Number(u.port);
	return u.protocol === 'https:' ? 443 : 80;
}

function isAllowed(u: URL, allowHosts: string[]): boolean {
	if (allowHosts.length === 0) return false;
	const host = bareHost(u);
	const port = effectivePort(u);
	const forms = new Set([host, u.hostname.toLowerCase(), `${u.hostname.toLowerCase()}:${port}`, `${host}:${port}`]);
	return allowHosts.some((h) => forms.has(h.trim().toLowerCase()));
}

function isPublic(address: string): boolean {
	try {
		return ipaddr.process(address).range() === 'unicast';
	} catch {
		return false;
	}
}

async function resolveChecked(u: URL, allowHosts: string[]): Promise<Resolved> {
	const host = bareHost(u);
	let addresses: dns.LookupAddress[];
	try {
		addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
	} catch (err) {
		const code = (err as NodeJS.ErrnoException).code ?? 'DNS lookup failed';
		throw new FetchError(`could not connect to ${host}: ${code}`);
	}
	if (addresses.length === 0) throw new FetchError(`could not connect to ${host}: no addresses`);
	if (!isAllowed(u, allowHosts)) {
		for (const a of addresses) {
			if (!isPublic(a.address)) throw new FetchError(`refused: ${host} resolves to a private address (${a.address})`);
		}
	}
	const first = addresses[0];
	return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** A `lookup` for http.request that always answers with the already-checked address. */
function pinnedLookup(pinned: Resolved): LookupFunction {
	return ((_hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
		if (typeof options === 'function') {
			callback = options as unknown as typeof callback;
			options = {};
		}
		if (options && options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
		else callback(null, pinned.address, pinned.family);
	}) as unknown as LookupFunction;
}

function header(value: string | string[] | undefined): string | null {
	if (value === undefined) return null;
	return Array.isArray(value) ? (value[0] ?? null) : value;
}

interface Hop {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
	location: string | null;
}

interface Control {
	request?: http.ClientRequest;
	done: boolean;
}

function requestOnce(u: URL, pinned: Resolved, options: SafeFetchOptions, maxBytes: number, control: Control): Promise<Hop> {
	return new Promise<Hop>((resolve, reject) => {
		const headers: Record<string, string> = {
			'user-agent': USER_AGENT,
			'accept-encoding': 'gzip, deflate, br'
		};
		if (options.accept?.length) headers.accept = options.accept.join(', ');
		if (options.etag) headers['if-none-match'] = options.etag;
		if (options.lastModified) headers['if-modified-since'] = options.lastModified;
		const mod = u.protocol === 'https:' ? https : http;
		const host = bareHost(u);
		let settled = false;
		const fail = (err: Error) => {
			if (settled) return;
			settled = true;
			req.destroy();
			reject(err);
		};
		const req = mod.request(
			{
				protocol: u.protocol,
				hostname: host,
				port: effectivePort(u),
				path: `${u.pathname}${u.search}`,
				method: 'GET',
				headers,
				lookup: pinnedLookup(pinned),
				servername: ipaddr.isValid(host) ? undefined : host,
				agent: false
			},
			(res) => {
				const status = res.statusCode ?? 0;
				if (REDIRECTS.has(status) || status === 304) {
					res.resume();
					settled = true;
					resolve({ status, headers: res.headers, body: Buffer.alloc(0), location: header(res.headers.location) });
					req.destroy();
					return;
				}
				if (status < 200 || status > 299) {
					fail(new FetchError(`the server answered HTTP ${status}`));
					return;
				}
				const type = header(res.headers['content-type']);
				if (options.accept?.length) {
					const mime = (type ?? '').split(';')[0].trim().toLowerCase();
					const accepted = options.accept.map((a) => a.toLowerCase());
					if (!accepted.includes(mime)) {
						fail(new FetchError(`expected ${options.accept.join(' or ')}, got ${mime || 'no content type'}`));
						return;
					}
				}
				const declared = Number(header(res.headers['content-length']) ?? NaN);
				const encoding = (header(res.headers['content-encoding']) ?? '').trim().toLowerCase();
				if (Number.isFinite(declared) && declared > maxBytes && (encoding === '' || encoding === 'identity')) {
					fail(new FetchError(`the response is larger than ${maxBytes} bytes`));
					return;
				}
				let stream: Readable = res;
				if (encoding === 'gzip' || encoding === 'x-gzip') stream = res.pipe(zlib.createGunzip());
				else if (encoding === 'deflate') stream = res.pipe(zlib.createInflate());
				else if (encoding === 'br') stream = res.pipe(zlib.createBrotliDecompress());
				const chunks: Buffer[] = [];
				let total = 0;
				stream.on('data', (chunk: Buffer) => {
					if (settled) return;
					total += chunk.length;
					if (total > maxBytes) {
						if (stream !== res) stream.destroy();
						fail(new FetchError(`the response is larger than ${maxBytes} bytes`));
						return;
					}
					chunks.push(chunk);
				});
				stream.on('end', () => {
					if (settled) return;
					settled = true;
					resolve({ status, headers: res.headers, body: Buffer.concat(chunks, total), location: null });
				});
				stream.on('error', (err: NodeJS.ErrnoException) => {
					fail(new FetchError(encoding && stream !== res ? `the response could not be decompressed (${encoding})` : `the connection to ${host} failed: ${err.code ?? err.message}`));
				});
				res.on('aborted', () => fail(new FetchError(`the connection to ${host} was cut off`)));
			}
		);
		control.request = req;
		req.on('error', (err: NodeJS.ErrnoException) => {
			if (control.done) return;
			fail(new FetchError(`could not connect to ${host}: ${err.code ?? err.message}`));
		});
		req.end();
	});
}

/**
 * Fetch a public http(s) address without letting it reach private networks:
 * every hop's host is resolved, checked and pinned, redirects are followed by
 * hand, the body is size-capped and the whole exchange is time-limited.
 */
export async function safeFetch(url: string, options: SafeFetchOptions = {}): Promise<SafeFetchResult> {
	const maxBytes = options.maxBytes ?? 5_000_000;
	const timeoutMs = options.timeoutMs ?? 10_000;
	const maxRedirects = options.maxRedirects ?? 5;
	const allowHosts = (options.allowHosts ?? []).map((h) => h.trim().toLowerCase()).filter(Boolean);
	const control: Control = { done: false };

	const work = async (): Promise<SafeFetchResult> => {
		let current = parseTarget(url);
		const seen = new Set<string>();
		for (let redirects = 0; ; redirects++) {
			seen.add(current.href);
			const pinned = await resolveChecked(current, allowHosts);
			if (control.done) throw new FetchError(`timed out after ${timeoutMs} ms`);
			const hop = await requestOnce(current, pinned, options, maxBytes, control);
			if (REDIRECTS.has(hop.status)) {
				if (!hop.location) throw new FetchError(`the server answered HTTP ${hop.status} without saying where to go`);
				let next: URL;
				try {
					next = parseTarget(new URL(hop.location, current).href);
				} catch (err) {
					if (err instanceof FetchError) throw err;
					throw new FetchError(`the server redirected to an invalid address: ${hop.location}`);
				}
				next.hash = '';
				if (redirects + 1 > maxRedirects || seen.has(next.href)) throw new FetchError('too many redirects');
				current = next;
				continue;
			}
			return {
				url: current.href,
				status: hop.status,
				notModified: hop.status === 304,
				body: hop.body,
				contentType: header(hop.headers['content-type']),
				etag: header(hop.headers.etag),
				lastModified: header(hop.headers['last-modified'])
			};
		}
	};

	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			control.done = true;
			control.request?.destroy();
			reject(new FetchError(`timed out after ${timeoutMs} ms`));
		}, timeoutMs);
	});
	try {
		return await Promise.race([work(), timeout]);
	} finally {
		control.done = true;
		clearTimeout(timer);
	}
}
