import type { ReactNode } from 'react';

/**
 * The user page's header actions: the account-status control now, and the place the tier-change control
 * (built with the tier changes and CSV import) is mounted, so every change to a user starts from one spot.
 */
export function UserActions({ children }: { children: ReactNode }) {
  return (
    <div className="flex flex-wrap items-center gap-3" data-testid="user-actions">
      {children}
    </div>
  );
}
