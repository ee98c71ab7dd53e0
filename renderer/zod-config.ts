// Must be the renderer's first import. The contract modules build zod schemas at load
// time, and zod probes `new Function` for its fast path; under the hosts' CSP (no
// 'unsafe-eval') that probe fails harmlessly but is reported as a CSP violation. The
// renderer never needs the fast path (it validates nothing in bulk), so turn it off.
import { z } from 'zod';

z.config({ jitless: true });
