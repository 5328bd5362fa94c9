import 'server-only';
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { revokeAdminSession } from '@/lib/admin-sessions/admin-session.repository';
import { withEm } from '@/lib/db';
import { env } from '@/lib/env';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { requestInfoFrom } from '@/lib/request-info';
import { authenticate } from './authenticate';
import { loginSchema } from './login.schemas';
import type { Role } from './permissions';

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/** Thrown from `authorize`; its `code` travels to the login form, so it never says which part was wrong. */
export class LoginRefused extends CredentialsSignin {
  constructor(readonly code: 'invalid' | 'input') {
    super();
  }
}

declare module 'next-auth' {
  interface User {
    role?: Role;
    sessionId?: string;
  }
  interface Session {
    user: { id: string; email: string; name: string; role: Role };
    /** The server-side session record (lib/admin-sessions); a token without one is refused. */
    sessionId?: string;
  }
}

// Lazy config: the environment is read on the first request, not while `next build` imports this file.
export const { handlers, auth, signIn, signOut } = NextAuth((): NextAuthConfig => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/login' },
  // Refused logins are expected traffic, already in the audit trail; only real faults go to the log.
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin || error.cause instanceof CredentialsSignin) return;
      console.error(error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = loginSchema.safeParse(credentials);
        if (!parsed.success) throw new LoginRefused('input');
        const result = await withEm((em) => authenticate(em, parsed.data, requestInfoFrom(request.headers)));
        if (!result.ok) throw new LoginRefused(result.reason);
        return result.admin;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.role = user.role;
        token.sid = user.sessionId;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.sub ?? '';
      session.user.role = token.role as Role;
      session.sessionId = typeof token.sid === 'string' ? token.sid : undefined;
      return session;
    },
  },
  events: {
    async signOut(message) {
      const token = 'token' in message ? message.token : null;
      if (!token?.sub) return;
      await withEm(async (em) => {
        if (typeof token.sid === 'string') await revokeAdminSession(em, token.sid);
        await recordAuditEvent(
          em,
          { action: 'LOGOUT', tableName: 'admin_users', recordId: token.sub! },
          { source: 'admin-ui', actorId: token.sub, actorLabel: token.email ?? null },
        );
      });
    },
  },
}));
