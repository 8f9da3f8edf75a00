/**
 * The constant parts of a certificate, built once per style and issuing office: the frame and
 * guilloche, the table rules, the title, the labels, the issuer's name, the QR caption, the
 * footer (the background layer) and the seal (the top layer). Each layer is a Form XObject in
 * a scratch document; a certificate copies the two (a few KB of already deflated streams and
 * the bold font subset, which only these layers use) and draws only its own values, photo, QR
 * code and date between them.
 *
 * The regular font is shared by the layers and the values, and a certificate must carry ONE
 * subset of it. So the template records the regular-font strings it drew, in order; each
 * certificate's font encodes the same strings first (`primeRegularFont`), which gives their
 * glyphs the same subset ids as in the template, and the layers' resource entry for the
 * regular font is pointed at the certificate's own font.
 */
import { inflateSync } from 'node:zlib';
import {
	PDFArray,
	PDFContentStream,
	PDFDict,
	PDFDocument,
	PDFName,
	PDFObjectCopier,
	PDFRawStream,
	PDFRef,
	type PDFContext,
	type PDFFont,
	type PDFObject,
	type PDFPage
} from 'pdf-lib';
import { embedCertificateFonts } from './fonts.js';
import { appendContent, deflate } from './pdf-ops.js';
import { PAGE } from './theme.js';
import type { CertificateStyle, RenderOptions } from './types.js';

export interface TemplateLayer {
	stream: PDFRawStream;
	/** Resource names of the regular font inside the layer (pdf-lib and text.ts each add one). */
	regularKeys: PDFName[];
}

export interface StyleTemplate {
	context: PDFContext;
	background: TemplateLayer;
	seal: TemplateLayer;
	/** The strings the layers drew in the regular font, in drawing order. */
	regularText: string[];
}

export type DrawLayer = (doc: PDFDocument, page: PDFPage, fonts: RecordingFonts) => void;

export interface RecordingFonts {
	regular: PDFFont;
	bold: PDFFont;
}

const MAX_TEMPLATES = 32;
const paintOps = new Map<string, Uint8Array>();
const templates = new Map<string, Promise<StyleTemplate>>();

/** The template of `style` for `issuer`, built on first use (a handful per process). */
export function styleTemplate(
	style: CertificateStyle,
	issuer: RenderOptions['issuer'],
	draw: { background: DrawLayer; seal: DrawLayer }
): Promise<StyleTemplate> {
	const key = `${style}\n${issuer.name}\n${issuer.sealCode}`;
	let template = templates.get(key);
	if (!template) {
		if (templates.size >= MAX_TEMPLATES) templates.clear();
		template = buildTemplate(draw);
		templates.set(key, template);
		template.catch(() => templates.delete(key));
	}
	return template;
}

async function buildTemplate(draw: {
	background: DrawLayer;
	seal: DrawLayer;
}): Promise<StyleTemplate> {
	const doc = await PDFDocument.create();
	const fonts = await embedCertificateFonts(doc);
	const regularText: string[] = [];
	const encode = fonts.regular.encodeText.bind(fonts.regular);
	fonts.regular.encodeText = (text: string) => {
		regularText.push(text);
		return encode(text);
	};
	const backgroundPage = doc.addPage([PAGE.width, PAGE.height]);
	draw.background(doc, backgroundPage, fonts);
	const sealPage = doc.addPage([PAGE.width, PAGE.height]);
	draw.seal(doc, sealPage, fonts);
	await doc.flush();
	return {
		context: doc.context,
		background: toLayer(doc, backgroundPage, fonts.regular),
		seal: toLayer(doc, sealPage, fonts.regular),
		regularText
	};
}

/** A template page's content and resources as one page-sized Form XObject. */
function toLayer(doc: PDFDocument, page: PDFPage, regular: PDFFont): TemplateLayer {
	const { context } = doc;
	const contents = page.node.Contents();
	const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
	const parts = refs.map((ref) => {
		const stream = context.lookup(ref);
		if (stream instanceof PDFContentStream) return Buffer.from(stream.getUnencodedContents());
		if (stream instanceof PDFRawStream) return inflateSync(stream.getContents());
		throw new Error('unexpected content stream in a certificate template');
	});
	const resources = page.node.Resources()!.clone(context);
	const font = resources.lookupMaybe(PDFName.of('Font'), PDFDict)?.clone(context);
	const regularKeys: PDFName[] = [];
	if (font) {
		for (const [key, value] of font.entries())
			if (value instanceof PDFRef && value === regular.ref) regularKeys.push(key);
		for (const key of regularKeys) font.delete(key);
		resources.set(PDFName.of('Font'), font);
	}
	const body = Buffer.concat(parts.flatMap((p) => [p, Buffer.from('\n')]));
	const stream = context.stream(deflate(body.toString('latin1')), {
		Type: 'XObject',
		Subtype: 'Form',
		BBox: [0, 0, PAGE.width, PAGE.height],
		Resources: resources,
		Filter: 'FlateDecode'
	});
	return { stream, regularKeys };
}

/** A certificate's regular font, with the template's glyphs at the template's subset ids. */
export function primeRegularFont(template: StyleTemplate, regular: PDFFont) {
	for (const text of template.regularText) regular.encodeText(text);
}

/** Copies the template's objects into `doc`, once per document (fonts shared by both layers). */
export function templateCopier(template: StyleTemplate, doc: PDFDocument) {
	return PDFObjectCopier.for(template.context, doc.context);
}

/** Paints a layer over the whole page (above what was drawn before). */
export function placeLayer(
	doc: PDFDocument,
	page: PDFPage,
	copier: PDFObjectCopier,
	layer: TemplateLayer,
	name: string,
	regular: PDFFont
) {
	const stream = copier.copy(layer.stream as PDFObject) as PDFRawStream;
	if (layer.regularKeys.length) {
		const resources = stream.dict.lookup(PDFName.of('Resources'), PDFDict);
		const fonts = resources.lookup(PDFName.of('Font'), PDFDict);
		for (const key of layer.regularKeys) fonts.set(key, regular.ref);
	}
	page.node.setXObject(PDFName.of(name), doc.context.register(stream));
	let paint = paintOps.get(name);
	if (!paint) paintOps.set(name, (paint = deflate(`q /${name} Do Q`)));
	appendContent(doc, page, paint);
}
