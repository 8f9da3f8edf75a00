/**
 * A small RFC 4180 CSV reader for the import commands and forms: quoted fields, doubled quotes,
 * CRLF or LF, a UTF-8 BOM (Excel writes one). Every row keeps its line number so a report can
 * point at it. Kept here rather than a dependency: imports are small and the format is fixed.
 */
export interface CsvRow {
	/** 1-based line number in the file (of the row's first line). */
	line: number;
	values: Record<string, string>;
}

export class CsvError extends Error {}

/** One record of a file: its fields and the line (or worksheet row) it starts on. */
export interface CsvRecord {
	line: number;
	fields: string[];
}

export function parseCsvRecords(text: string): CsvRecord[] {
	const src = text.replace(/^\uFEFF/, '');
	const records: CsvRecord[] = [];
	let fields: string[] = [];
	let field = '';
	let quoted = false;
	let line = 1;
	let start = 1;
	let i = 0;
	const endRecord = () => {
		fields.push(field);
		if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
		fields = [];
		field = '';
	};
	while (i < src.length) {
		const c = src[i];
		if (quoted) {
			if (c === '"' && src[i + 1] === '"') {
				field += '"';
				i += 2;
				continue;
			}
			if (c === '"') quoted = false;
			else {
				if (c === '\n') line++;
				field += c;
			}
			i++;
			continue;
		}
		if (c === '"' && field === '') quoted = true;
		else if (c === ',') {
			fields.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && src[i + 1] === '\n') i++;
			endRecord();
			line++;
			start = line;
		} else field += c;
		i++;
	}
	if (quoted) throw new CsvError(`第 ${start} 行的引号没有闭合，请检查文件`);
	if (field !== '' || fields.length) endRecord();
	return records;
}

/**
 * Rows as objects keyed by the header row. `columns` are the accepted headers: each may be
 * written in English (the key) or Chinese (the value); unknown headers are an error.
 */
export function parseCsv(text: string, columns: Record<string, string>): CsvRow[] {
	return parseTable(parseCsvRecords(text), columns);
}

/** `parseCsv` for records already read (from a CSV in any encoding or an .xlsx: read-table.ts). */
export function parseTable(records: CsvRecord[], columns: Record<string, string>): CsvRow[] {
	const [header, ...rest] = records;
	if (!header) throw new CsvError('文件是空的');
	const byName = new Map<string, string>();
	for (const [key, chinese] of Object.entries(columns)) {
		byName.set(key.toLowerCase(), key);
		byName.set(chinese, key);
	}
	const keys = header.fields.map((h) => {
		const key = byName.get(h.trim().toLowerCase()) ?? byName.get(h.trim());
		if (!key)
			throw new CsvError(
				`表头“${h.trim()}”无法识别，可用的列：${Object.values(columns).join('、')}`
			);
		return key;
	});
	return rest.map((r) => ({
		line: r.line,
		values: Object.fromEntries(keys.map((k, i) => [k, (r.fields[i] ?? '').trim()]))
	}));
}
