/**
 * Renders one electronic title certificate (职称电子证书) as an A4 PDF: guilloche frame, title
 * in the style's colours, the template's fields in order, the holder's photo, a QR code of the
 * verify URL, the issuing office's vector seal and the footer sentence. Fonts are embedded as
 * subsets; the heavy parsing and the static artwork are done once per process.
 */
import { PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatDate } from '../../domain/date-format.js';
import { color, drawJustified, drawSpaced, fitSize } from './text.js';
import { embedRegularFont, missingGlyphs, type CertificateFonts } from './fonts.js';
import { placeLayer, primeRegularFont, styleTemplate, templateCopier } from './style-template.js';
import { drawFrame, diamond } from './frame.js';
import { drawQr } from './qr.js';
import { drawSeal } from './seal.js';
import { appendContent, deflate, fillRgb, n, nativeDeflateContent, strokeRgb } from './pdf-ops.js';
import { INK, PAGE, SEAL_RED, themes, type Theme } from './theme.js';
import {
	FOOTER,
	ISSUER,
	PHOTO_CELL,
	QR_BOX,
	SEAL,
	TABLE,
	TABLE_BOTTOM,
	fieldLabels,
	rowRect,
	valueBox,
	type FieldLabel
} from './layout.js';
import type { CertificateData, Rect, RenderOptions } from './types.js';

export type { CertificateData, RenderOptions } from './types.js';

export const FOOTER_TEXT =
	'本证书的相关信息由广西柳州市人力资源和社会保障局提供。此证表明持证人具有相应的专业技术资格水平。';
const SUBTITLE = 'PROFESSIONAL AND TECHNICAL TITLE ELECTRONIC CERTIFICATE';

/** `2024-12-16` → `2024年12月16日` */
export function chineseDate(iso: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${iso}`);
	return formatDate(iso);
}

export function fieldValues(
	data: CertificateData,
	opts: RenderOptions
): Record<FieldLabel, string> {
	return {
		姓名: data.name,
		性别: data.sex,
		身份证号: data.idNumber,
		获取方式: data.obtainedBy,
		职称系列: data.series,
		资格名称: data.qualification,
		专业: data.specialty,
		授予时间: chineseDate(data.conferredOn),
		评委会名称: data.committee,
		发文文号: data.documentNumber,
		证书编号: data.certificateNo,
		管理号: data.managementNo,
		查询网址: opts.lookupUrl ?? `${new URL(opts.verifyUrl).origin}/`
	};
}

export async function renderCertificatePdf(
	data: CertificateData,
	opts: RenderOptions
): Promise<Uint8Array> {
	const doc = await buildCertificateDocument(data, opts);
	return doc.save({ useObjectStreams: false });
}

/** The certificate as an open pdf-lib document, e.g. to sign it in the same save (signDocument). */
export async function buildCertificateDocument(
	data: CertificateData,
	opts: RenderOptions
): Promise<PDFDocument> {
	const theme = themes[opts.style];
	const values = fieldValues(data, opts);
	const missing = missingGlyphs(Object.values(values).join('') + opts.issuer.name);
	if (missing.length)
		throw new RangeError(`no glyph for ${missing.join(' ')} in the certificate font`);
	const template = await styleTemplate(opts.style, opts.issuer, {
		background: (doc, page, fonts) => drawBackground(doc, page, fonts, theme, opts),
		seal: (doc, page, fonts) =>
			drawSeal(doc, page, { ...SEAL, ...sealText(opts.issuer), color: SEAL_RED, font: fonts.bold })
	});

	const doc = await PDFDocument.create();
	doc.setTitle(`${theme.title} ${data.certificateNo}`);
	doc.setSubject(`${data.name} ${data.qualification}`);
	doc.setCreator('Zhicheng');
	doc.setProducer('Zhicheng');
	doc.setCreationDate(new Date(`${data.issuedOn}T00:00:00+08:00`));
	doc.setModificationDate(new Date(`${data.issuedOn}T00:00:00+08:00`));
	const regular = await embedRegularFont(doc);
	primeRegularFont(template, regular);
	const page = doc.addPage([PAGE.width, PAGE.height]);
	const copier = templateCopier(template, doc);

	// the constant layer, then only what differs from one holder to the next, then the seal
	placeLayer(doc, page, copier, template.background, 'ZcBackground', regular);
	drawNumber(page, regular, data.certificateNo);
	drawValues(page, regular, values);
	await drawPhoto(doc, page, regular, opts.photo);
	drawIssuedOn(page, regular, data.issuedOn);
	drawQr(doc, page, opts.verifyUrl, QR_BOX, 'Q');
	placeLayer(doc, page, copier, template.seal, 'ZcSealLayer', regular);
	nativeDeflateContent(doc, page);
	return doc;
}

/** Everything that is the same on every certificate of a style from one office. */
function drawBackground(
	doc: PDFDocument,
	page: PDFPage,
	fonts: CertificateFonts,
	theme: Theme,
	opts: RenderOptions
) {
	drawFrame(doc, page, opts.style);
	drawTableRules(doc, page, theme);
	drawHeading(page, fonts, theme);
	drawLabels(page, fonts);
	drawIssuer(page, fonts, opts.issuer.name);
	drawFooter(page, fonts, theme);
}

function sealText(issuer: RenderOptions['issuer']) {
	return { orgName: issuer.name, sealCode: issuer.sealCode };
}

function drawHeading(page: PDFPage, fonts: CertificateFonts, theme: Theme) {
	const mid = PAGE.width / 2;
	drawSpaced(page, theme.title, mid, 735, fonts.bold, 27, 3.5, theme.accent);
	drawSpaced(page, SUBTITLE, mid, 703, fonts.regular, 6.2, 1.4, theme.gold);
}

function drawNumber(page: PDFPage, regular: PDFFont, certificateNo: string) {
	const no = `编号：${certificateNo}`;
	const size = 8;
	page.drawText(no, {
		x: TABLE.right - regular.widthOfTextAtSize(no, size),
		y: TABLE.top + 6,
		size,
		font: regular,
		color: color([90, 90, 90])
	});
}

function drawTableRules(doc: PDFDocument, page: PDFPage, theme: Theme) {
	const { left, right, top, labelWidth } = TABLE;
	const ops = [
		`q ${fillRgb(theme.labelFill)} ${n(left)} ${n(TABLE_BOTTOM)} ${labelWidth} ${n(top - TABLE_BOTTOM)} re f`
	];
	// the rule under the subtitle: two hairlines and a diamond
	const mid = PAGE.width / 2;
	ops.push(`${strokeRgb(theme.gold)} 0.6 w ${n(mid - 140)} 716 m ${n(mid - 10)} 716 l S`);
	ops.push(
		`${n(mid + 10)} 716 m ${n(mid + 140)} 716 l S ${fillRgb(theme.accent)} ${diamond(mid, 716, 4)} f`
	);
	ops.push(`${strokeRgb(theme.accent)} 0.5 w`);
	for (let i = 1; i < fieldLabels.length; i++) {
		const r = rowRect(i - 1);
		const end = i < TABLE.photoRows ? PHOTO_CELL.x : right;
		ops.push(`${n(left)} ${n(r.y)} m ${n(end)} ${n(r.y)} l S`);
	}
	ops.push(`${n(left + labelWidth)} ${n(TABLE_BOTTOM)} m ${n(left + labelWidth)} ${n(top)} l S`);
	ops.push(`${n(PHOTO_CELL.x)} ${n(PHOTO_CELL.y)} m ${n(PHOTO_CELL.x)} ${n(top)} l S`);
	ops.push(`${n(PHOTO_CELL.x)} ${n(PHOTO_CELL.y)} m ${n(right)} ${n(PHOTO_CELL.y)} l S`);
	ops.push(`1.1 w ${n(left)} ${n(TABLE_BOTTOM)} ${n(right - left)} ${n(top - TABLE_BOTTOM)} re S`);
	const q = QR_BOX;
	ops.push(`0.6 w ${n(q.x - 3)} ${n(q.y - 3)} ${n(q.width + 6)} ${n(q.height + 6)} re S`);
	ops.push(
		`${strokeRgb(theme.gold)} 0.5 w ${n(left + 10)} ${FOOTER.ruleY} m ${n(right - 10)} ${FOOTER.ruleY} l S Q`
	);
	appendContent(doc, page, deflate(ops.join('\n')));
}

function drawLabels(page: PDFPage, fonts: CertificateFonts) {
	fieldLabels.forEach((label, i) => {
		const row = rowRect(i);
		const size = 10.5;
		const baseline = row.y + row.height / 2 - 0.36 * size;
		drawJustified(
			page,
			label,
			TABLE.left + 16,
			TABLE.labelWidth - 32,
			baseline,
			fonts.regular,
			size
		);
	});
}

function drawValues(page: PDFPage, regular: PDFFont, values: Record<FieldLabel, string>) {
	fieldLabels.forEach((label, i) => {
		const row = rowRect(i);
		const box = valueBox(label);
		const value = values[label];
		const fit = fitSize(regular, value, box.width - 22, 11, 6.5);
		page.drawText(value, {
			x: box.x + 11,
			y: row.y + row.height / 2 - 0.36 * fit,
			size: fit,
			font: regular,
			color: color(INK)
		});
	});
}

async function drawPhoto(doc: PDFDocument, page: PDFPage, regular: PDFFont, photo?: Uint8Array) {
	const inset = 6;
	const height = PHOTO_CELL.height - 2 * inset;
	const width = (height * 413) / 579;
	const box: Rect = {
		x: PHOTO_CELL.x + (PHOTO_CELL.width - width) / 2,
		y: PHOTO_CELL.y + inset,
		width,
		height
	};
	if (photo) {
		const isPng = photo[0] === 0x89 && photo[1] === 0x50;
		const image = isPng ? await doc.embedPng(photo) : await doc.embedJpg(photo);
		page.drawImage(image, box);
	} else {
		page.drawRectangle({ ...box, color: color([240, 240, 240]) });
		page.drawText('照片', {
			x: box.x + box.width / 2 - 10,
			y: box.y + box.height / 2 - 4,
			size: 10,
			font: regular,
			color: color([160, 160, 160])
		});
	}
	page.drawRectangle({ ...box, borderColor: color([190, 190, 190]), borderWidth: 0.5 });
}

function drawIssuer(page: PDFPage, fonts: CertificateFonts, issuer: string) {
	const size = 11;
	const label = { size, font: fonts.regular, color: color(INK) };
	page.drawText('发证单位（章）：', { x: ISSUER.x, y: ISSUER.labelY, ...label });
	const fit = fitSize(fonts.regular, issuer, PAGE.width - 80 - ISSUER.x, 12, 8);
	page.drawText(issuer, { x: ISSUER.x + 6, y: ISSUER.nameY, ...label, size: fit });
	const caption = '扫码查验证书真伪';
	const cx = QR_BOX.x + QR_BOX.width / 2;
	drawSpaced(page, caption, cx, QR_BOX.y - 17, fonts.regular, 8, 1, [90, 90, 90]);
}

function drawIssuedOn(page: PDFPage, regular: PDFFont, issuedOn: string) {
	page.drawText(`发证时间：${chineseDate(issuedOn)}`, {
		x: ISSUER.x,
		y: ISSUER.dateY,
		size: 11,
		font: regular,
		color: color(INK)
	});
}

function drawFooter(page: PDFPage, fonts: CertificateFonts, theme: Theme) {
	const size = fitSize(fonts.regular, FOOTER_TEXT, TABLE.right - TABLE.left, 8.5, 6);
	const width = fonts.regular.widthOfTextAtSize(FOOTER_TEXT, size);
	page.drawText(FOOTER_TEXT, {
		x: (PAGE.width - width) / 2,
		y: FOOTER.textY,
		size,
		font: fonts.regular,
		color: color(theme.accent)
	});
}
