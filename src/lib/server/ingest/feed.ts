import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from './text.ts';

export interface FeedItem {
	title: string;
	url: string;
	/** ISO timestamp, when the feed gives a parseable date. */
	publishedAt?: string;
	/** Full content (HTML) when the feed carries it. */
	content?: string;
	/** Short description (HTML or text). */
	summary?: string;
}

export interface ParsedFeed {
	title: string;
	items: FeedItem[];
}

const CDATA = '__cdata';

const parser = new XMLParser({
	processEntities: false,
	ignoreAttributes: false,
	attributeNamePrefix: '@_',
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: true,
	cdataPropName: CDATA,
	isArray: (name) => name === 'item' || name === 'entry' || name === 'link'
});

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decode the five XML entities and numeric character references; anything else is left alone. */
export function decodeXmlEntities(value: string): string {
	if (!value.includes('&')) return value;
	return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
		if (ref[0] === '#') {
			const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
			if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole;
			return String.fromCodePoint(code);
		}
		return NAMED[ref.toLowerCase()] ?? whole;
	});
}

type Node = unknown;

/** The text of a parsed node: its text parts entity-decoded, CDATA sections verbatim, children flattened. */
function textOf(node: Node): string {
	if (node === undefined || node === null) return '';
	if (typeof node === 'string') return decodeXmlEntities(node);
	if (typeof node === 'number' || typeof node === 'boolean') return String(node);
	if (Array.isArray(node)) return node.map(textOf).join('');
	if (typeof node === 'object') {
		let out = '';
		for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
			if (key.startsWith('@_')) continue;
			if (key === CDATA) out += Array.isArray(value) ? value.map(String).join('') : String(value);
			else out += textOf(value);
		}
		return out;
	}
	return '';
}

function attr(node: Node, name: string): string | undefined {
	if (node && typeof node === 'object' && !Array.isArray(node)) {
		const value = (node as Record<string, unknown>)[`@_${name}`];
		if (typeof value === 'string') return decodeXmlEntities(value);
	}
	return undefined;
}

function first(node: Node): Node {
	return Array.isArray(node) ? node[0] : node;
}

function asArray(node: Node): Node[] {
	if (node === undefined || node === null) return [];
	return Array.isArray(node) ? node : [node];
}

function httpUrl(raw: string | undefined, base?: string): string | undefined {
	if (!raw) return undefined;
	try {
		const u = new URL(raw.trim(), base);
		return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
	} catch {
		return undefined;
	}
}

function isoDate(raw: string): string | undefined {
	const value = raw.trim();
	if (!value) return undefined;
	const time = new Date(value).getTime();
	return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function optionalText(node: Node): string | undefined {
	const text = textOf(node).trim();
	return text === '' ? undefined : text;
}

function field(node: Node, key: string): Node {
	if (node && typeof node === 'object' && !Array.isArray(node)) return (node as Record<string, unknown>)[key];
	return undefined;
}

/** Decode a feed's bytes, honouring a BOM or the XML declaration's encoding. */
function decodeBody(body: Buffer | string): string {
	if (typeof body === 'string') return body.replace(/^\uFEFF/, '');
	if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return body.subarray(3).toString('utf8');
	if (body[0] === 0xff && body[1] === 0xfe) return new TextDecoder('utf-16le').decode(body.subarray(2));
	if (body[0] === 0xfe && body[1] === 0xff) return new TextDecoder('utf-16be').decode(body.subarray(2));
	const head = body.subarray(0, 200).toString('latin1');
	const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
	if (declared && !/^utf-?8$/i.test(declared)) {
		try {
			return new TextDecoder(declared.toLowerCase()).decode(body);
		} catch {
			// Unknown label: fall back to UTF-8.
		}
	}
	return body.toString('utf8');
}

function lineOf(text: string, index: number): number {
	let line = 1;
	for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
	return line;
}

const HTML_START = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html)[\s>]/i;

function parseRss(channel: Node, items: Node[]): ParsedFeed {
	const channelLink = httpUrl(textOf(first(field(channel, 'link'))));
	const out: FeedItem[] = [];
	for (const item of items) {
		let url: string | undefined;
		for (const link of asArray(field(item, 'link'))) {
			url = httpUrl(textOf(link) || attr(link, 'href'), channelLink);
			if (url) break;
		}
		if (!url) {
			const guid = first(field(item, 'guid'));
			const permaLink = (attr(guid, 'isPermaLink') ?? 'true').trim().toLowerCase() !== 'false';
			if (guid !== undefined && permaLink) url = httpUrl(textOf(guid));
		}
		if (!url) continue;
		const date = textOf(field(item, 'pubDate') ?? field(item, 'dc:date') ?? field(item, 'published') ?? '');
		const entry: FeedItem = { title: textOf(field(item, 'title')).trim(), url };
		const publishedAt = isoDate(date);
		if (publishedAt) entry.publishedAt = publishedAt;
		const content = optionalText(field(item, 'content:encoded'));
		if (content) entry.content = content;
		const summary = optionalText(field(item, 'description'));
		if (summary) entry.summary = summary;
		out.push(entry);
	}
	return { title: textOf(field(channel, 'title')).trim(), items: out };
}

function atomLink(node: Node, base?: string): string | undefined {
	const links = asArray(field(node, 'link'));
	const alternate = links.find((l) => {
		const rel = attr(l, 'rel');
		return rel === undefined || rel.trim().toLowerCase() === 'alternate';
	});
	return httpUrl(attr(alternate, 'href'), base);
}

function parseAtom(feed: Node): ParsedFeed {
	const base = atomLink(feed);
	const out: FeedItem[] = [];
	for (const entry of asArray(field(feed, 'entry'))) {
		const url = atomLink(entry, base);
		if (!url) continue;
		const item: FeedItem = { title: textOf(field(entry, 'title')).trim(), url };
		const publishedAt = isoDate(textOf(field(entry, 'published') ?? field(entry, 'updated') ?? ''));
		if (publishedAt) item.publishedAt = publishedAt;
		const content = optionalText(field(entry, 'content'));
		if (content) item.content = content;
		const summary = optionalText(field(entry, 'summary'));
		if (summary) item.summary = summary;
		out.push(item);
	}
	return { title: textOf(field(feed, 'title')).trim(), items: out };
}

/** Parse an RSS 2.0 (or 1.0) or Atom feed; refuses HTML pages, DTDs and malformed XML with a readable message. */
export function parseFeed(body: Buffer | string): ParsedFeed {
	const xml = decodeBody(body);
	if (xml.trim() === '') throw new InputError('the feed is empty');
	if (HTML_START.test(xml)) throw new InputError('this is an HTML page, not an RSS or Atom feed');
	if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) throw new InputError('the feed declares a DOCTYPE or entities; refused');
	const valid = XMLValidator.validate(xml);
	if (valid !== true) {
		const line = valid.err.line ?? lineOf(xml, xml.length);
		throw new InputError(`the feed is not well-formed XML: ${valid.err.msg} (line ${line})`);
	}
	let doc: Record<string, unknown>;
	try {
		doc = parser.parse(xml) as Record<string, unknown>;
	} catch (err) {
		throw new InputError(`the feed is not well-formed XML: ${(err as Error).message}`);
	}
	const rss = field(doc, 'rss');
	if (rss !== undefined) {
		const channel = first(field(rss, 'channel'));
		if (!channel || typeof channel !== 'object') throw new InputError('not an RSS or Atom feed');
		return parseRss(channel, asArray(field(channel, 'item')));
	}
	const rdf = field(doc, 'rdf:RDF');
	if (rdf !== undefined) {
		const channel = first(field(rdf, 'channel')) ?? {};
		const items = asArray(field(rdf, 'item'));
		return parseRss(channel, items.length ? items : asArray(field(channel, 'item')));
	}
	const feed = field(doc, 'feed');
	if (feed !== undefined) return parseAtom(feed);
	throw new InputError('not an RSS or Atom feed');
}
