import { gzipSync } from 'node:zlib';

export interface PageWeight {
	path: string;
	html: { bytes: number; gzip: number };
	js: { files: number; bytes: number; gzip: number };
	css: { files: number; bytes: number; gzip: number };
}

const gz = (body: Buffer) => gzipSync(body, { level: 9 }).length;

/**
 * What a first visit to `path` downloads: the HTML, every script it loads or preloads (and
 * the modules those import statically), and every stylesheet; sizes raw and gzip-compressed.
 */
export async function pageWeight(base: string, path: string): Promise<PageWeight> {
	const htmlResponse = await fetch(base + path);
	if (!htmlResponse.ok) throw new Error(`${path}: HTTP ${htmlResponse.status}`);
	const html = Buffer.from(await htmlResponse.arrayBuffer());
	const text = html.toString('utf8');
	const scripts = new Set<string>();
	const styles = new Set<string>();
	for (const m of text.matchAll(/<link\b[^>]*>/g)) {
		const tag = m[0];
		const href = /href="([^"]+)"/.exec(tag)?.[1];
		if (!href) continue;
		if (/rel="modulepreload"/.test(tag)) scripts.add(new URL(href, base + path).pathname);
		if (/rel="stylesheet"/.test(tag)) styles.add(new URL(href, base + path).pathname);
	}
	for (const m of text.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) scripts.add(new URL(m[1], base + path).pathname);
	for (const m of text.matchAll(/import\(\s*"([^"]+)"\s*\)/g)) scripts.add(new URL(m[1], base + path).pathname);

	const js = { files: 0, bytes: 0, gzip: 0 };
	const seen = new Set<string>();
	const queue = [...scripts];
	while (queue.length) {
		const file = queue.shift()!;
		if (seen.has(file)) continue;
		seen.add(file);
		const response = await fetch(base + file);
		if (!response.ok) continue;
		const body = Buffer.from(await response.arrayBuffer());
		js.files++;
		js.bytes += body.length;
		js.gzip += gz(body);
		// Static imports load with the page; dynamic ones only when used.
		for (const m of body.toString('utf8').matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g)) {
			queue.push(new URL(m[1], base + file).pathname);
		}
	}
	const css = { files: 0, bytes: 0, gzip: 0 };
	for (const file of styles) {
		const response = await fetch(base + file);
		if (!response.ok) continue;
		const body = Buffer.from(await response.arrayBuffer());
		css.files++;
		css.bytes += body.length;
		css.gzip += gz(body);
	}
	return { path, html: { bytes: html.length, gzip: gz(html) }, js, css };
}
