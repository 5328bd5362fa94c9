// npm start – embedded or configured PostgreSQL, migrations, first admin, build when stale, `next start`
import { buildIfStale } from './lib/build';
import { serve } from './lib/serve';

void serve('start', () => buildIfStale());
