import { z } from 'zod';

// Runs before the app's browser code (Next's client instrumentation hook). Zod probes `new Function`
// to decide whether to compile parsers; under the Content-Security-Policy (no 'unsafe-eval', decision
// 063) the probe fails harmlessly but the browser reports a violation on every page. Jitless skips it.
z.config({ jitless: true });
