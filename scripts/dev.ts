// npm run dev – same preparation as npm start, then `next dev`
import { serve } from './lib/serve';

void serve('dev');
