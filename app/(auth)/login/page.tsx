import type { Metadata } from 'next';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  return (
    <main className="login">
      <div className="panel">
        <h1>Pend Admin</h1>
        <p style={{ color: 'var(--muted)', marginTop: 0 }}>Sign in with your admin account.</p>
        <LoginForm callbackUrl={typeof callbackUrl === 'string' ? callbackUrl : '/dashboard'} />
      </div>
    </main>
  );
}
