import { cleanIp } from '@/lib/audit/audit-context';

export type RequestInfo = { ip: string | null; userAgent: string | null };

/** Client IP (first X-Forwarded-For hop, as set by Next or the proxy) and user agent for the audit trail. */
export function requestInfoFrom(headers: Headers): RequestInfo {
  return {
    ip: cleanIp(headers.get('x-forwarded-for') ?? headers.get('x-real-ip')),
    userAgent: headers.get('user-agent')?.slice(0, 512) ?? null,
  };
}
