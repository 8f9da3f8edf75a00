/**
 * Where everything sits on the A4 page (points, origin bottom-left). Tests and the PDF signer
 * read these boxes too: the ink check looks inside a field's value box, and the signature
 * widget is placed over the seal.
 */
import { PAGE } from './theme.js';
import type { Rect } from './types.js';

export const fieldLabels = [
	'姓名',
	'性别',
	'身份证号',
	'获取方式',
	'职称系列',
	'资格名称',
	'专业',
	'授予时间',
	'评委会名称',
	'发文文号',
	'证书编号',
	'管理号',
	'查询网址'
] as const;
export type FieldLabel = (typeof fieldLabels)[number];

export const TABLE = {
	left: 68,
	right: PAGE.width - 68,
	top: 676,
	rowHeight: 27,
	labelWidth: 94,
	/** Rows beside the photo. */
	photoRows: 5,
	photoWidth: 104
} as const;

export const TABLE_BOTTOM = TABLE.top - fieldLabels.length * TABLE.rowHeight;

export function rowRect(index: number): Rect {
	const y = TABLE.top - (index + 1) * TABLE.rowHeight;
	return { x: TABLE.left, y, width: TABLE.right - TABLE.left, height: TABLE.rowHeight };
}

/** The cell that holds a field's value. */
export function valueBox(label: FieldLabel): Rect {
	const index = fieldLabels.indexOf(label);
	const row = rowRect(index);
	const right = index < TABLE.photoRows ? TABLE.right - TABLE.photoWidth : TABLE.right;
	const x = TABLE.left + TABLE.labelWidth;
	return { x, y: row.y, width: right - x, height: row.height };
}

export const PHOTO_CELL: Rect = {
	x: TABLE.right - TABLE.photoWidth,
	y: TABLE.top - TABLE.photoRows * TABLE.rowHeight,
	width: TABLE.photoWidth,
	height: TABLE.photoRows * TABLE.rowHeight
};

export const QR_BOX: Rect = { x: 86, y: 176, width: 104, height: 104 };

/** 42 mm official seal over the issuer's name and date. */
export const SEAL = { cx: 428, cy: 226, radius: 59.5 } as const;

export const SEAL_RECT: Rect = {
	x: SEAL.cx - SEAL.radius,
	y: SEAL.cy - SEAL.radius,
	width: 2 * SEAL.radius,
	height: 2 * SEAL.radius
};

export const ISSUER = { x: 300, labelY: 272, nameY: 248, dateY: 204 } as const;
export const FOOTER = { ruleY: 106, textY: 88 } as const;
