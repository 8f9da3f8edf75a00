/**
 * Reads an import file the way offices actually make them: a CSV saved by Excel on Chinese
 * Windows (GBK, i.e. GB18030, without a BOM), a UTF-8 CSV with or without a BOM, a UTF-16 text
 * with a BOM, or an Excel workbook (.xlsx, first worksheet). Answers the records with their
 * line (row) numbers, for `parseTable`; an unreadable file is a `CsvError` with a Chinese
 * message.
 *
 * GB18030 is decoded by iconv-lite (pure JavaScript, so it works whatever ICU data the Node
 * build carries); .xlsx is read by exceljs.
 */
import iconv from 'iconv-lite';
import { CsvError, parseCsvRecords, type CsvRecord } from './csv.js';

/** Inflated size a workbook may declare (a 2 MB upload of plain rows inflates to ~20 MB). */
const MAX_XLSX_INFLATED = 64 * 1024 * 1024;
/** Rows read from a worksheet: imports take at most 5000, one more makes the refusal. */
const MAX_XLSX_ROWS = 5001;

export type TableFormat = 'xlsx' | 'utf-8' | 'gb18030' | 'utf-16';

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** The text of a CSV file: BOM first, then strict UTF-8, else GB18030. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TableFormat } {
	if (startsWith(bytes, [0xef, 0xbb, 0xbf]))
		return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
	if (startsWith(bytes, [0xff, 0xfe]))
		return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), encoding: 'utf-16' };
	if (startsWith(bytes, [0xfe, 0xff]))
		return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), encoding: 'utf-16' };
	try {
		// Text in GBK is almost never valid UTF-8 (its two-byte sequences break UTF-8's rules).
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		const text = iconv.decode(Buffer.from(bytes), 'gb18030');
		if (text.includes('\uFFFD'))
			throw new CsvError(
				'无法识别文件的编码：请在 Excel 中“另存为”CSV UTF-8（逗号分隔）或 Excel 工作簿（.xlsx）后重新导入'
			);
		return { text, encoding: 'gb18030' };
	}
}

/** A zip file (every .xlsx is one). */
function isZip(bytes: Uint8Array): boolean {
	return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
}

/** The old binary Excel format (.xls, an OLE compound file). */
function isOle(bytes: Uint8Array): boolean {
	return startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
}

/**
 * The sum of the sizes the zip's central directory declares for its entries, or null when
 * there is no readable directory. Checked before exceljs inflates anything (a zip bomb).
 */
function declaredInflatedSize(bytes: Uint8Array): number | null {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// End of central directory: signature 0x06054b50, within the last 64 KB + 22 bytes.
	for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 65_557); at--) {
		if (view.getUint32(at, true) !== 0x06054b50) continue;
		const entries = view.getUint16(at + 10, true);
		let p = view.getUint32(at + 16, true);
		let total = 0;
		for (let i = 0; i < entries; i++) {
			if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) return null;
			const size = view.getUint32(p + 24, true);
			if (size === 0xffffffff) return Infinity; // zip64: far beyond any import
			total += size;
			const name = view.getUint16(p + 28, true);
			const extra = view.getUint16(p + 30, true);
			const comment = view.getUint16(p + 32, true);
			p += 46 + name + extra + comment;
		}
		return total;
	}
	return null;
}

/** A cell's value as the text an office typed (dates as 年-月-日, numbers without exponent). */
function cellText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) {
		// exceljs gives Excel's serial dates as UTC midnight.
		return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
	}
	if (typeof value === 'number')
		return Number.isInteger(value) && Math.abs(value) < 1e21
			? BigInt(value).toString()
			: String(value);
	if (typeof value === 'string') return value;
	if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
	if (typeof value === 'object') {
		const v = value as Record<string, unknown>;
		if (Array.isArray(v.richText))
			return (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
		if ('result' in v) return cellText(v.result); // a formula: its last computed value
		if ('text' in v) return cellText(v.text); // a hyperlink
		if ('error' in v) return '';
	}
	return '';
}

async function readXlsx(bytes: Uint8Array): Promise<CsvRecord[]> {
	const inflated = declaredInflatedSize(bytes);
	if (inflated === null) throw new CsvError('Excel 文件已损坏或不完整，请重新保存后再导入');
	if (inflated > MAX_XLSX_INFLATED)
		throw new CsvError('Excel 文件内容过多，请分批导入（每次最多 5000 行）');
	const { default: ExcelJS } = await import('exceljs');
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
	} catch {
		throw new CsvError('Excel 文件无法读取：请确认是 .xlsx 工作簿（不是改了扩展名的其他文件）');
	}
	const sheet = workbook.worksheets[0];
	if (!sheet) throw new CsvError('Excel 文件里没有工作表');
	const records: CsvRecord[] = [];
	let tooMany = false;
	sheet.eachRow((row, rowNumber) => {
		if (records.length >= MAX_XLSX_ROWS) {
			tooMany = true;
			return;
		}
		// row.values is 1-based: index 0 is empty.
		const values = (row.values as unknown[]).slice(1);
		const fields = Array.from({ length: values.length }, (_, i) => cellText(values[i]).trim());
		while (fields.length && fields[fields.length - 1] === '') fields.pop();
		if (fields.length) records.push({ line: rowNumber, fields });
	});
	if (tooMany) throw new CsvError('每次最多导入 5000 行，请分批导入');
	return records;
}

/** The records of an import file: .xlsx or CSV in any of the encodings above. */
export async function readTable(
	input: Uint8Array | string
): Promise<{ records: CsvRecord[]; format: TableFormat }> {
	if (typeof input === 'string') return { records: parseCsvRecords(input), format: 'utf-8' };
	if (isZip(input)) return { records: await readXlsx(input), format: 'xlsx' };
	if (isOle(input))
		throw new CsvError('这是旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或 CSV 后再导入');
	const { text, encoding } = decodeText(input);
	return { records: parseCsvRecords(text), format: encoding };
}
