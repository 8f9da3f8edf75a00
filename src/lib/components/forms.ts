import { applyAction } from '$app/forms';
import type { SubmitFunction } from '$app/forms';
import { MAX_ATTACHMENT_BYTES } from '#lib/domain/application-form.js';

const mb = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/** The message a file over the limit gets, in the browser as on the server. */
export function fileTooLargeMessage(size: number, max = MAX_ATTACHMENT_BYTES): string {
	return `所选文件 ${mb(size)}，超过 ${mb(max)}，请压缩或重新扫描后再上传`;
}

/** The first chosen file over its input's `data-max-bytes` (default 10 MB), if any. */
function oversizeFile(form: HTMLFormElement): { input: HTMLInputElement; size: number } | null {
	for (const input of form.querySelectorAll<HTMLInputElement>('input[type="file"]')) {
		const max = Number(input.dataset.maxBytes ?? MAX_ATTACHMENT_BYTES);
		for (const file of input.files ?? []) if (file.size > max) return { input, size: file.size };
	}
	return null;
}

/** Text fields as the server echoes them (no files, no passwords). */
function typedValues(data: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [k, v] of data) if (typeof v === 'string' && !/password/i.test(k)) values[k] = v;
	return values;
}

/**
 * `use:enhance` for a form whose refused post the server echoes back: the page is updated
 * without resetting the form, so nothing typed is lost. `busy`, when given, is told while the
 * post is on its way (to disable the submit button).
 *
 * A chosen file above the form's limit is not sent at all: the form shows the same failure
 * the server would (message and field error), in place, with everything typed kept.
 */
export function keepValues(busy?: (sending: boolean) => void): SubmitFunction {
	return ({ formElement, formData, cancel }) => {
		const big = oversizeFile(formElement);
		if (big) {
			cancel();
			const max = Number(big.input.dataset.maxBytes ?? MAX_ATTACHMENT_BYTES);
			const message = fileTooLargeMessage(big.size, max);
			void applyAction({
				type: 'failure',
				status: 413,
				location: location.href, // this page: the failure stays on the form
				data: {
					message: `文件过大：${message}。`,
					code: 'UPLOAD_TOO_LARGE',
					fields: { [big.input.name]: message },
					values: typedValues(formData)
				}
			}); // FormAlert brings the message into view and focuses it
			return;
		}
		busy?.(true);
		return async ({ update }) => {
			await update({ reset: false });
			busy?.(false);
		};
	};
}
