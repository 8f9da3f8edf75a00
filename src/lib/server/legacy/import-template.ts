/**
 * The Excel template (.xlsx) for an import: the first worksheet has the Chinese headers only,
 * every column formatted as text (so Excel keeps an ID number's 18 digits and a date as typed);
 * a second worksheet explains the columns with an example row. Imports read only the first.
 */
export interface TemplateColumn {
	header: string;
	note: string;
	example: string;
	width?: number;
}

export async function importTemplate(sheetName: string, columns: TemplateColumn[]) {
	const { default: ExcelJS } = await import('exceljs');
	const workbook = new ExcelJS.Workbook();
	workbook.creator = '职称服务平台';
	const data = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
	data.columns = columns.map((c) => ({
		header: c.header,
		width: c.width ?? Math.max(12, c.header.length * 2 + 4),
		style: { numFmt: '@' }
	}));
	data.getRow(1).font = { bold: true };
	const help = workbook.addWorksheet('填写说明');
	help.columns = [
		{ header: '列', width: 16 },
		{ header: '怎么填', width: 60 },
		{ header: '示例', width: 36 }
	];
	help.getRow(1).font = { bold: true };
	for (const c of columns) help.addRow([c.header, c.note, c.example]);
	help.addRow([]);
	help.addRow(['', '在第一个工作表里每行填一条，表头不要改；保存为 .xlsx 后在页面上导入。']);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
