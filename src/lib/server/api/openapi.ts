/**
 * The machine-readable description of the platform's HTTP API (OpenAPI 3.1, JSON Schema 2020-12),
 * served at `/api/v1/openapi.json`. Public: certificate and archive-form verification, the signing
 * keys (JWKS), the status list, health. Internal (`x-internal: true`, for the platform's own
 * offline client, not a stable contract): draft sync and resumable uploads, the audit tree head.
 *
 * tests/e2e/openapi.e2e.ts checks the document is valid OpenAPI 3.1, validates the real
 * responses of every documented operation against it, and that every route under
 * src/routes/api/v1 is documented here or listed in `UNDOCUMENTED_V1_ROUTES`.
 */

/** Routes under /api/v1 deliberately not described (with why). */
export const UNDOCUMENTED_V1_ROUTES: Record<string, string> = {
	'/api/v1/openapi.json': 'this document itself'
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const noStore = { 'Cache-Control': { schema: { type: 'string' } } };

const verdict = { enum: ['valid', 'void', 'revoked', 'notice', 'invalid'] };
const invalidReason = {
	enum: [
		'malformed',
		'unsupported-version',
		'unknown-algorithm',
		'unknown-key',
		'bad-signature',
		'key-retired',
		'not-registered',
		'not-ours'
	]
};
const isoInstant = { type: 'string', format: 'date-time' };
const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const uuid = { type: 'string', format: 'uuid' };
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

const schemas = {
	Error: {
		type: 'object',
		required: ['message'],
		properties: {
			message: { type: 'string', description: '给用户看的中文说明' },
			code: { type: 'string' },
			fields: { type: 'object', additionalProperties: { type: 'string' } },
			requestId: { type: 'string' }
		}
	},
	PublicCertificate: {
		type: 'object',
		additionalProperties: false,
		required: [
			'certificateNo',
			'managementNo',
			'name',
			'idNumberMasked',
			'series',
			'qualification',
			'level',
			'levelLabel',
			'issueDate',
			'issuer'
		],
		properties: {
			certificateNo: { type: 'string' },
			managementNo: { type: 'string' },
			name: { type: 'string' },
			idNumberMasked: {
				type: 'string',
				description: '身份证号，仅显示首末各一位',
				pattern: '^[0-9X]\\*+[0-9X]$'
			},
			series: { type: 'string' },
			qualification: { type: 'string' },
			level: { type: 'string' },
			levelLabel: { type: 'string' },
			issueDate: day,
			issuer: {
				type: 'object',
				additionalProperties: false,
				required: ['code', 'name'],
				properties: { code: { type: 'string' }, name: nullable({ type: 'string' }) }
			}
		}
	},
	VerificationResult: {
		type: 'object',
		additionalProperties: false,
		required: [
			'verdict',
			'label',
			'reason',
			'certificate',
			'statusSince',
			'statusUntil',
			'checkedAt',
			'mode',
			'statusAsOf'
		],
		properties: {
			verdict,
			label: { type: 'string' },
			reason: nullable(invalidReason),
			certificate: nullable(ref('PublicCertificate')),
			statusSince: nullable(day),
			statusUntil: nullable(day),
			checkedAt: isoInstant,
			mode: { const: 'online' },
			statusAsOf: { type: 'null' },
			paper: { const: true }
		},
		if: { properties: { verdict: { const: 'invalid' } } },
		then: { properties: { certificate: { type: 'null' }, reason: invalidReason } },
		else: { properties: { reason: { type: 'null' } } }
	},
	FormVerificationResult: {
		type: 'object',
		additionalProperties: false,
		required: ['verdict', 'label', 'reason', 'form', 'checkedAt', 'mode'],
		properties: {
			verdict: { enum: ['valid', 'invalid'] },
			label: { type: 'string' },
			reason: nullable({ anyOf: [invalidReason, { const: 'content-mismatch' }] }),
			form: nullable({
				type: 'object',
				additionalProperties: false,
				required: ['formNo', 'kindLabel', 'issuer'],
				properties: {
					formNo: { type: 'string' },
					kindLabel: { type: 'string' },
					issuer: nullable({ type: 'string' }),
					applicantName: { type: 'string' },
					createdOn: day
				}
			}),
			checkedAt: isoInstant,
			mode: { const: 'online' }
		}
	},
	Jwks: {
		type: 'object',
		additionalProperties: false,
		required: ['keys'],
		properties: {
			keys: {
				type: 'array',
				items: {
					type: 'object',
					additionalProperties: false,
					required: ['kty', 'crv', 'alg', 'use', 'kid', 'x', 'nbf', 'org', 'att'],
					properties: {
						kty: { const: 'OKP' },
						crv: { const: 'Ed25519' },
						alg: { const: 'EdDSA' },
						use: { const: 'sig' },
						kid: { type: 'string' },
						x: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' },
						nbf: { type: 'integer', description: 'valid from (seconds since the epoch)' },
						exp: { type: 'integer' },
						retired: { type: 'integer', description: 'rotated out at (seconds)' },
						org: { type: 'string', description: 'the organisation signing with it' },
						att: {
							type: 'string',
							description: 'the city root key’s attestation of this key (compact JWS)'
						}
					}
				}
			}
		}
	},
	Readiness: {
		type: 'object',
		additionalProperties: false,
		required: ['ready', 'database', 'migrations'],
		properties: {
			ready: { type: 'boolean' },
			database: { enum: ['up', 'down'] },
			migrations: { enum: ['current', 'behind', 'unknown'] }
		}
	},
	SignedTreeHead: {
		type: 'object',
		additionalProperties: false,
		required: ['treeSize', 'rootHash', 'at', 'keyId', 'signature', 'keys'],
		properties: {
			treeSize: { type: 'integer', minimum: 0 },
			rootHash: { type: 'string' },
			at: isoInstant,
			keyId: { type: 'string' },
			signature: { type: 'string' },
			keys: {
				type: 'array',
				items: {
					type: 'object',
					required: ['kty', 'crv', 'kid', 'x'],
					properties: {
						kty: { const: 'OKP' },
						crv: { const: 'Ed25519' },
						kid: { type: 'string' },
						x: { type: 'string' }
					}
				}
			}
		}
	},
	DraftRecord: {
		type: 'object',
		required: ['id', 'version', 'updatedAt', 'content', 'clientId'],
		properties: {
			id: uuid,
			version: { type: 'integer', minimum: 0 },
			updatedAt: { type: 'string' },
			content: { type: 'object', description: '申请表内容（ApplicationDraft）' },
			clientId: { type: 'string' }
		}
	},
	MyApplication: {
		type: 'object',
		required: [
			'id',
			'kind',
			'state',
			'stateLabel',
			'number',
			'version',
			'submittedAt',
			'record',
			'returned'
		],
		properties: {
			id: uuid,
			kind: { type: 'string' },
			state: { type: 'string' },
			stateLabel: { type: 'string' },
			number: nullable({ type: 'string' }),
			version: { type: 'integer' },
			submittedAt: nullable({ type: 'string' }),
			record: nullable(ref('DraftRecord')),
			returned: nullable({
				type: 'object',
				required: ['opinion', 'sections'],
				properties: {
					opinion: nullable({ type: 'string' }),
					sections: { type: 'array', items: { type: 'string' } }
				}
			})
		}
	},
	DraftPush: {
		type: 'object',
		additionalProperties: false,
		required: ['baseVersion', 'updatedAt', 'clientId', 'content'],
		properties: {
			baseVersion: { type: 'integer', minimum: 0 },
			updatedAt: { type: 'string', maxLength: 40 },
			clientId: { type: 'string', minLength: 1, maxLength: 100 },
			content: { type: 'object' }
		}
	},
	DraftPushAccepted: {
		type: 'object',
		required: ['status', 'record', 'version'],
		properties: {
			status: { enum: ['created', 'updated', 'unchanged'] },
			record: ref('DraftRecord'),
			version: { type: 'integer' }
		}
	},
	DraftPushConflict: {
		type: 'object',
		required: ['status', 'server', 'message'],
		properties: {
			status: { const: 'conflict' },
			server: ref('DraftRecord'),
			message: { type: 'string' }
		}
	},
	SubmitResult: {
		type: 'object',
		required: ['state', 'stateLabel', 'number', 'record'],
		properties: {
			state: { type: 'string' },
			stateLabel: { type: 'string' },
			number: nullable({ type: 'string' }),
			record: ref('DraftRecord')
		}
	},
	UploadDeclaration: {
		type: 'object',
		required: ['id', 'name', 'mime', 'size', 'sha256'],
		properties: {
			id: uuid,
			draftId: nullable(uuid),
			name: { type: 'string', maxLength: 255 },
			mime: { enum: ['application/pdf', 'image/jpeg', 'image/png'] },
			size: { type: 'integer', minimum: 1, maximum: 10 * 1024 * 1024 },
			sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' }
		}
	},
	UploadStatus: {
		type: 'object',
		additionalProperties: false,
		required: ['id', 'size', 'received', 'complete'],
		properties: {
			id: uuid,
			size: { type: 'integer', minimum: 0 },
			received: { type: 'integer', minimum: 0 },
			complete: { type: 'boolean' }
		}
	}
};

const errors = (...codes: number[]) =>
	Object.fromEntries(
		codes.map((c) => [
			String(c),
			{ description: httpText[c] ?? 'error', content: json(ref('Error')) }
		])
	);
const httpText: Record<number, string> = {
	400: '请求无效（字段错误在 fields 中）',
	401: '未登录或登录已过期',
	403: '无权操作',
	404: '不存在',
	409: '冲突',
	413: '过大',
	415: '类型不支持',
	422: '内容无法接受'
};

const tokenParam = (description: string) => ({
	name: 'token',
	in: 'path',
	required: true,
	description,
	schema: { type: 'string', maxLength: 1024 }
});
const viaParam = {
	name: 'via',
	in: 'query',
	required: false,
	description:
		'`scan`: the in-app scanner’s online check (recorded as such in the verification log)',
	schema: { enum: ['scan'] }
};
const idParam = { name: 'id', in: 'path', required: true, schema: uuid };
const offsetHeaders = {
	'Upload-Offset': { schema: { type: 'string', pattern: '^\\d+$' } },
	'Upload-Length': { schema: { type: 'string', pattern: '^\\d+$' } },
	'Upload-Complete': { schema: { enum: ['0', '1'] } }
};
const session = [{ session: [] }];
const internal = { 'x-internal': true, tags: ['sync'], security: session };

export function openApiDocument(origin: string) {
	return {
		openapi: '3.1.0',
		info: {
			title: '职称服务平台 API',
			version: '1',
			summary: 'Certificate verification, signing keys and status list of the Zhicheng platform.',
			description:
				'Verification answers always 200 with the verdict in the body: a forged or unknown token is an answer, not an error. ' +
				'Offline verifiers fetch the JWKS and the status list and check tokens themselves. ' +
				'Operations marked `x-internal: true` serve the platform’s own offline client and may change without notice.',
			license: { name: 'MIT', identifier: 'MIT' }
		},
		jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
		servers: [{ url: origin }],
		tags: [
			{ name: 'verification', description: '证书与存档材料核验（公开）' },
			{ name: 'operations', description: 'health checks' },
			{ name: 'sync', description: 'draft sync and uploads of the offline client (internal)' }
		],
		paths: {
			'/api/v1/verify/{token}': {
				get: {
					operationId: 'verifyCertificate',
					tags: ['verification'],
					summary: 'Verify a certificate’s QR token',
					parameters: [
						tokenParam('the token in the certificate’s QR code (`…/v/<token>`)'),
						viaParam
					],
					responses: {
						'200': {
							description: 'the verdict',
							headers: noStore,
							content: json(ref('VerificationResult'))
						}
					}
				}
			},
			'/api/v1/verify/f/{token}': {
				get: {
					operationId: 'verifyArchiveForm',
					tags: ['verification'],
					summary: 'Verify an archive form’s QR token (评审表 / 认定表 / 重新确认审批表)',
					parameters: [tokenParam('the token in the form’s QR code (`…/v/f/<token>`)'), viaParam],
					responses: {
						'200': {
							description: 'the verdict',
							headers: noStore,
							content: json(ref('FormVerificationResult'))
						}
					}
				}
			},
			'/.well-known/jwks.json': {
				get: {
					operationId: 'getJwks',
					tags: ['verification'],
					summary:
						'Every QR-token public key ever used, with its validity and the city root’s attestation',
					responses: {
						'200': {
							description: 'the key set',
							content: { 'application/jwk-set+json': { schema: ref('Jwks') } }
						}
					}
				}
			},
			'/api/v1/status-list': {
				get: {
					operationId: 'getStatusList',
					tags: ['verification'],
					summary:
						'The signed status list of every certificate (IETF Token Status List, 2 bits per certificate)',
					parameters: [
						{ name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } }
					],
					responses: {
						'200': {
							description: 'the status list token (compact JWS)',
							headers: { ETag: { schema: { type: 'string' } } },
							content: {
								'application/statuslist+jwt': {
									schema: {
										type: 'string',
										pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$'
									}
								}
							}
						},
						'304': { description: 'unchanged since the ETag given' },
						'503': {
							description: 'no signer yet (platform not set up)',
							content: json(ref('Error'))
						}
					}
				}
			},
			'/api/v1/health': {
				get: {
					operationId: 'getReadiness',
					tags: ['operations'],
					summary: 'Readiness: the database answers and holds every migration of this build',
					responses: {
						'200': { description: 'ready', content: json(ref('Readiness')) },
						'503': { description: 'not ready', content: json(ref('Readiness')) }
					}
				}
			},
			'/api/v1/ping': {
				get: {
					operationId: 'ping',
					tags: ['operations'],
					summary: 'Liveness: answers without touching the database',
					responses: {
						'200': {
							description: 'alive',
							content: json({
								type: 'object',
								additionalProperties: false,
								required: ['ok'],
								properties: { ok: { const: true } }
							})
						}
					}
				}
			},
			'/api/v1/audit/tree-head': {
				get: {
					operationId: 'getAuditTreeHead',
					'x-internal': true,
					tags: ['operations'],
					summary:
						'The audit log’s signed tree head (latest, or of a given size), for office staff',
					security: session,
					parameters: [
						{
							name: 'size',
							in: 'query',
							required: false,
							schema: { type: 'string', pattern: '^\\d{1,15}$' }
						}
					],
					responses: {
						'200': { description: 'the signed head', content: json(ref('SignedTreeHead')) },
						...errors(400, 401, 403, 404)
					}
				}
			},
			'/api/drafts': {
				get: {
					...internal,
					operationId: 'listMyApplications',
					summary: 'Sync pull: the applicant’s applications, editable ones with their content',
					responses: {
						'200': {
							description: 'newest first',
							content: json({
								type: 'object',
								required: ['applications'],
								properties: { applications: { type: 'array', items: ref('MyApplication') } }
							})
						},
						...errors(401, 403)
					}
				}
			},
			'/api/drafts/{id}': {
				put: {
					...internal,
					operationId: 'pushDraft',
					summary: 'Sync push of one draft',
					parameters: [idParam],
					requestBody: { required: true, content: json(ref('DraftPush')) },
					responses: {
						'200': {
							description: 'stored, or already stored',
							content: json(ref('DraftPushAccepted'))
						},
						'409': {
							description: 'changed on another device',
							content: json(ref('DraftPushConflict'))
						},
						...errors(400, 401, 403, 404)
					}
				}
			},
			'/api/drafts/{id}/submit': {
				post: {
					...internal,
					operationId: 'submitDraft',
					summary: 'Hands a synced draft to the approval chain',
					parameters: [idParam],
					requestBody: {
						required: true,
						content: json({
							type: 'object',
							required: ['version'],
							properties: { version: { type: 'integer' } }
						})
					},
					responses: {
						'200': { description: 'submitted', content: json(ref('SubmitResult')) },
						...errors(400, 401, 403, 404, 409)
					}
				}
			},
			'/api/uploads': {
				post: {
					...internal,
					operationId: 'declareUpload',
					summary: 'Resumable upload, step 1: declare the file (idempotent)',
					requestBody: { required: true, content: json(ref('UploadDeclaration')) },
					responses: {
						'201': {
							description: 'declared; how much the server holds',
							content: json(ref('UploadStatus'))
						},
						...errors(400, 401, 403, 409, 413, 415)
					}
				}
			},
			'/api/uploads/{id}': {
				head: {
					...internal,
					operationId: 'uploadOffset',
					summary: 'How much of the upload the server holds',
					parameters: [idParam],
					responses: {
						'200': { description: 'the offset', headers: offsetHeaders },
						'401': { description: httpText[401] },
						'403': { description: httpText[403] },
						'404': { description: 'not declared yet' }
					}
				},
				get: {
					...internal,
					operationId: 'uploadStatus',
					summary: 'The upload’s status',
					parameters: [idParam],
					responses: {
						'200': {
							description: 'the status',
							headers: offsetHeaders,
							content: json(ref('UploadStatus'))
						},
						...errors(401, 403, 404)
					}
				},
				patch: {
					...internal,
					operationId: 'appendChunk',
					summary:
						'Resumable upload, step 2: the bytes from `Upload-Offset` (≤ 512 KB per request)',
					parameters: [
						idParam,
						{
							name: 'Upload-Offset',
							in: 'header',
							required: true,
							schema: { type: 'string', pattern: '^\\d+$' }
						}
					],
					requestBody: {
						required: true,
						content: {
							'application/offset+octet-stream': {
								schema: { type: 'string', contentMediaType: 'application/octet-stream' }
							}
						}
					},
					responses: {
						'204': {
							description: 'stored; `Upload-Complete: 1` once verified and complete',
							headers: offsetHeaders
						},
						'409': {
							description: 'offset mismatch: resume from the `Upload-Offset` answered',
							headers: { 'Upload-Offset': offsetHeaders['Upload-Offset'] },
							content: json(ref('Error'))
						},
						...errors(400, 401, 403, 404, 413, 415, 422)
					}
				}
			},
			'/api/uploads/{id}/content': {
				get: {
					...internal,
					operationId: 'uploadContent',
					summary: 'The sanitised bytes of a complete upload (its owner, or a reviewer)',
					parameters: [idParam],
					responses: {
						'200': {
							description: 'the file',
							headers: { ETag: { schema: { type: 'string' } } },
							content: {
								'application/pdf': {
									schema: { type: 'string', contentMediaType: 'application/pdf' }
								},
								'image/jpeg': { schema: { type: 'string', contentMediaType: 'image/jpeg' } },
								'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } }
							}
						},
						'401': { description: httpText[401] },
						'403': { description: httpText[403] },
						'404': { description: httpText[404] }
					}
				}
			}
		},
		components: {
			schemas,
			securitySchemes: {
				session: {
					type: 'apiKey',
					in: 'cookie',
					name: 'session',
					description: 'the session cookie of a signed-in user (`__Host-session` over https)'
				}
			}
		}
	};
}
