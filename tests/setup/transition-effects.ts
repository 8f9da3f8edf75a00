// Every test file starts as the server does: transitions issue certificates through the
// handler the certificates area registers (hooks.server.ts `init`).
import { registerCertificateEffects } from '../../src/lib/server/certificates/register-effects.js';

registerCertificateEffects();
