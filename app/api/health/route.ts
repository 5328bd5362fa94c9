// GET /api/health – liveness: the process answers; no dependency is touched
import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/route';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ public: true }, async () => NextResponse.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }));
