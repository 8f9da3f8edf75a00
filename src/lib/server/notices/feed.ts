/**
 * The notice board as an Atom feed (RFC 4287), for newsrooms, employers and aggregators.
 * Built by hand from escaped strings: the only inputs are masked names and office-entered text,
 * all escaped, and a document this small does not need an XML library.
 */
import { PROVISIONAL_NOTE, chineseDate } from '#lib/domain/notice-period.js';
import type { BoardItem } from './list-board.js';

const XML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&apos;'
};

/** Escapes text for XML and drops characters XML 1.0 forbids (control characters). */
export function xmlText(value: string): string {
	return value
		.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
		.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

export function itemTitle(item: BoardItem): string {
	return item.kind === 'notice'
		? `声明作废：${item.name} ${item.qualification}职称证书`
		: `评审结果公示：${item.name} ${item.series}系列 ${item.qualification}`;
}

export function itemSummary(item: BoardItem): string {
	const period = `公示期 ${chineseDate(item.startsOn)}（不计入）起 5 个工作日，至 ${chineseDate(item.endsOn)}止${item.provisional ? PROVISIONAL_NOTE : ''}`;
	return item.kind === 'notice'
		? `${item.name}遗失${item.organisation}颁发的${item.series}系列${item.qualification}职称证书（编号 ${item.certificateNo ?? '—'}），声明作废。${period}。`
		: `${item.organisation}${item.name}申报${item.series}系列${item.qualification}，评委会评审通过，现予公示。${period}。`;
}

export function atomFeed(o: {
	origin: string;
	boardUrl: string;
	feedUrl: string;
	items: BoardItem[];
	updated: Date;
}): string {
	const host = new URL(o.origin).hostname;
	const entries = o.items
		.map((item) => {
			const published = item.at.toISOString();
			return `  <entry>
    <id>tag:${xmlText(host)},2019:${xmlText(item.key)}</id>
    <title>${xmlText(itemTitle(item))}</title>
    <updated>${published}</updated>
    <published>${published}</published>
    <link rel="alternate" type="text/html" href="${xmlText(o.boardUrl)}"/>
    <category term="${item.kind}" label="${item.kind === 'notice' ? '声明作废' : '评审结果公示'}"/>
    <summary type="text">${xmlText(itemSummary(item))}</summary>
  </entry>`;
		})
		.join('\n');
	return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <id>tag:${xmlText(host)},2019:notices</id>
  <title>柳州市职称服务平台 · 公示公告</title>
  <subtitle>证书声明作废与评审结果公示</subtitle>
  <updated>${o.updated.toISOString()}</updated>
  <author><name>柳州市职称改革工作领导小组办公室</name></author>
  <link rel="self" type="application/atom+xml" href="${xmlText(o.feedUrl)}"/>
  <link rel="alternate" type="text/html" href="${xmlText(o.boardUrl)}"/>
${entries}
</feed>
`;
}
