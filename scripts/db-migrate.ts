// npm run db:migrate – apply pending schema migrations (DATABASE_URL, else the embedded server)
import { prepareRuntime } from './lib/runtime';

void prepareRuntime().then((runtime) => runtime.stop());
