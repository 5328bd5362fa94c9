import { signOut } from '@/lib/auth/next-auth';

export function SignOutButton() {
  return (
    <form
      action={async () => {
        'use server';
        await signOut({ redirectTo: '/login' });
      }}
    >
      <button type="submit" className="secondary">
        Sign out
      </button>
    </form>
  );
}
