import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { InputError } from './text.ts';

export interface Article {
	title: string;
	/** Plain text, paragraphs separated by a blank line. */
	text: string;
	/** ISO timestamp, when the page says when it was published. */
	publishedAt?: string;
	siteName?: string;
}

const BLOCKS = new Set([
	'address', 'article', 'aside', 'blockquote', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
	'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'ol', 'p', 'pre', 'section', 'table',
	'td', 'th', 'tr', 'ul'
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg']);

const BREAK = '\u0000';

interface DomNode {
	nodeType: number;
	nodeName: string;
	textContent: string | null;
	childNodes: ArrayLike<DomNode>;
}

function collect(node: DomNode, out: string[]): void {
	if (node.nodeType === 3) {
		out.push(node.textContent ?? '');
		return;
	}
	if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
	const name = node.nodeName.toLowerCase();
	if (SKIP.has(name)) return;
	if (name === 'br') {
		out.push(BREAK);
		return;
	}
	const block = BLOCKS.has(name);
	if (block) out.push(BREAK);
	for (let i = 0; i < node.childNodes.length; i++) collect(node.childNodes[i], out);
	if (block) out.push(BREAK);
}

/** Plain text of an HTML fragment: one paragraph per block, blank lines between them. */
export function htmlToText(html: string): string {
	const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
	const parts: string[] = [];
	collect(document.body as unknown as DomNode, parts);
	return parts
		.join('')
		.split(BREAK)
		.map((p) => p.replace(/\s+/g, ' ').trim())
		.filter((p) => p !== '')
		.join('\n\n');
}

function isoDate(raw: string | null | undefined): string | undefined {
	const value = raw?.trim();
	if (!value) return undefined;
	const time = new Date(value).getTime();
	return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function meta(document: Document, ...keys: string[]): string | undefined {
	for (const key of keys) {
		for (const attr of ['property', 'name', 'itemprop']) {
			const el = document.querySelector(`meta[${attr}="${key}"]`);
			const content = el?.getAttribute('content')?.trim();
			if (content) return content;
		}
	}
	return undefined;
}

/** The readable article on a page: title, plain text and publication time; page furniture is dropped. */
export function extractArticle(html: string, url: string): Article {
	let document: Document;
	try {
		({ document } = parseHTML(html) as unknown as { document: Document });
	} catch {
		throw new InputError('no article text found on the page');
	}
	if (!document?.documentElement) throw new InputError('no article text found on the page');

	// Read metadata first: Readability rewrites the document as it works.
	const dateCandidates = [
		meta(document, 'article:published_time'),
		meta(document, 'og:published_time'),
		meta(document, 'date'),
		document.querySelector('time[datetime]')?.getAttribute('datetime') ?? undefined
	];
	const metaTitle = meta(document, 'og:title') ?? document.querySelector('title')?.textContent?.trim();
	const metaSite = meta(document, 'og:site_name');
	let host = '';
	try {
		host = new URL(url).hostname;
	} catch {
		// A bad URL only loses the fallback site name.
	}

	let parsed: ReturnType<Readability['parse']>;
	try {
		parsed = new Readability(document).parse();
	} catch {
		parsed = null;
	}
	const text = parsed?.content ? htmlToText(parsed.content) : '';
	if (!text) throw new InputError('no article text found on the page');

	const article: Article = { title: (parsed?.title ?? '').trim() || metaTitle || host || url, text };
	const publishedAt = [...dateCandidates, parsed?.publishedTime ?? undefined].map(isoDate).find(Boolean);
	if (publishedAt) article.publishedAt = publishedAt;
	const siteName = (parsed?.siteName ?? '').trim() || metaSite;
	if (siteName) article.siteName = siteName;
	return article;
}
