/**
 * A guide as an A4 PDF (downloadable 使用说明及流程, 柳职办〔2019〕17号 七): the same content as the
 * page, with the process diagram drawn from the state graph. Uses the certificates' CJK font
 * loading (fonts.ts: Noto Serif SC through the fontkit adapter).
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import {
	electronicCertificateRules,
	guide,
	mainPath,
	roleName,
	type GuideSlug
} from '#lib/domain/guides.js';
import { stateLabels } from '#lib/domain/procedures.js';
import { embedCertificateFonts } from '../certificates/fonts.js';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const RED = rgb(0.72, 0.11, 0.11);
const INK = rgb(0.13, 0.13, 0.13);

class Writer {
	page: PDFPage;
	y: number;
	constructor(
		private doc: PDFDocument,
		private fonts: { regular: PDFFont; bold: PDFFont }
	) {
		this.page = doc.addPage(A4);
		this.y = A4[1] - MARGIN;
	}
	ensure(height: number) {
		if (this.y - height < MARGIN) {
			this.page = this.doc.addPage(A4);
			this.y = A4[1] - MARGIN;
		}
	}
	/** Wraps by measured width; CJK text breaks anywhere. */
	lines(text: string, size: number, width: number, bold = false): string[] {
		const font = bold ? this.fonts.bold : this.fonts.regular;
		const out: string[] = [];
		let line = '';
		for (const ch of Array.from(text)) {
			if (font.widthOfTextAtSize(line + ch, size) > width && line) {
				out.push(line);
				line = ch.trim() ? ch : '';
			} else line += ch;
		}
		if (line) out.push(line);
		return out;
	}
	text(
		text: string,
		o: { size?: number; bold?: boolean; indent?: number; color?: typeof INK } = {}
	) {
		const size = o.size ?? 11;
		const indent = o.indent ?? 0;
		for (const l of this.lines(text, size, A4[0] - 2 * MARGIN - indent, o.bold)) {
			this.ensure(size * 1.6);
			this.page.drawText(l, {
				x: MARGIN + indent,
				y: this.y - size,
				size,
				font: o.bold ? this.fonts.bold : this.fonts.regular,
				color: o.color ?? INK
			});
			this.y -= size * 1.6;
		}
	}
	space(h: number) {
		this.y -= h;
	}
	heading(text: string) {
		this.space(8);
		this.text(text, { size: 14, bold: true, color: RED });
		this.space(2);
	}
	list(items: readonly string[], numbered = false) {
		items.forEach((item, i) => this.text(`${numbered ? `${i + 1}.` : '•'} ${item}`, { indent: 8 }));
	}
	diagram(slug: GuideSlug) {
		const path = mainPath(slug);
		const states = ['draft' as const, ...path.map((r) => r.to)];
		const boxW = 190;
		const boxH = 24;
		const gap = 22;
		const x = MARGIN + 20;
		this.ensure(states.length * (boxH + gap));
		states.forEach((state, i) => {
			this.ensure(boxH + gap);
			const top = this.y;
			this.page.drawRectangle({
				x,
				y: top - boxH,
				width: boxW,
				height: boxH,
				borderColor: RED,
				borderWidth: 1,
				color: i === states.length - 1 ? rgb(0.91, 0.96, 0.91) : rgb(1, 1, 1)
			});
			const label = stateLabels[state];
			const w = this.fonts.regular.widthOfTextAtSize(label, 11);
			this.page.drawText(label, {
				x: x + (boxW - w) / 2,
				y: top - boxH + 8,
				size: 11,
				font: this.fonts.regular,
				color: INK
			});
			this.y = top - boxH;
			const row = path[i];
			if (row) {
				const cx = x + boxW / 2;
				this.page.drawLine({
					start: { x: cx, y: this.y },
					end: { x: cx, y: this.y - gap + 2 },
					thickness: 1,
					color: INK
				});
				this.page.drawText(`▼ ${roleName(row.actor)}`, {
					x: cx + 6,
					y: this.y - gap / 2 - 4,
					size: 9,
					font: this.fonts.regular,
					color: RED
				});
				this.y -= gap;
			}
		});
		this.space(10);
	}
}

export async function guidePdf(slug: GuideSlug | 'electronic-certificates'): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	const fonts = await embedCertificateFonts(doc);
	const w = new Writer(doc, fonts);
	if (slug === 'electronic-certificates') {
		const r = electronicCertificateRules;
		doc.setTitle(r.title);
		w.text(r.title, { size: 20, bold: true });
		w.text(r.source, { size: 10 });
		w.space(6);
		w.list(r.rules, true);
		return doc.save();
	}
	const g = guide(slug);
	doc.setTitle(`${g.title}办事指南`);
	doc.setSubject('柳州市职称服务平台');
	w.text(`${g.title} · 办事指南`, { size: 20, bold: true });
	w.text(`适用级别：${g.levels}`, { size: 10 });
	w.space(4);
	w.text(g.summary);
	w.heading('办理流程');
	w.diagram(slug);
	w.heading('步骤与办理人');
	w.list(
		g.steps.map((s) => `${s.text}${s.limit ? `（${s.limit}）` : ''}`),
		true
	);
	w.heading('所需材料');
	w.list(g.materials);
	w.heading('填写内容');
	w.list([g.formSections.join('、')]);
	w.heading('时限');
	w.list(g.timeLimits);
	w.heading('说明');
	w.list(g.notes);
	return doc.save();
}
