// GET/POST /api/auth/* – Auth.js endpoints (csrf, session, credentials callback, sign-out)
import { handlers } from '@/lib/auth/next-auth';

export const { GET, POST } = handlers;
