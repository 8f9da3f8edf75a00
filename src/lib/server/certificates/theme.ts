import type { Rgb } from './pdf-ops.js';
import type { CertificateStyle } from './types.js';

/** A4 in points. */
export const PAGE = { width: 595.28, height: 841.89 } as const;

export interface Theme {
	title: string;
	/** Title, rules, table lines. */
	accent: Rgb;
	/** Guilloche border waves. */
	wave: Rgb;
	/** Central rosette, faint enough to print under text. */
	rosette: Rgb;
	/** Shading of the label column. */
	labelFill: Rgb;
	/** Ornament gold shared by both styles. */
	gold: Rgb;
}

export const themes: Record<CertificateStyle, Theme> = {
	junior: {
		title: '广西柳州市初级职称电子证书',
		accent: [24, 70, 120],
		wave: [92, 136, 182],
		rosette: [196, 214, 234],
		labelFill: [239, 244, 250],
		gold: [176, 141, 72]
	},
	intermediate: {
		title: '广西柳州市中级职称电子证书',
		accent: [150, 28, 32],
		wave: [196, 120, 104],
		rosette: [236, 204, 196],
		labelFill: [250, 241, 234],
		gold: [176, 141, 72]
	}
};

export const INK: Rgb = [34, 34, 34];
export const SEAL_RED: Rgb = [222, 26, 32];
export const PAPER: Rgb = [255, 253, 248];
