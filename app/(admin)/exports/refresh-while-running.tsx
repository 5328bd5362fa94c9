'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Polling interval of the exports list while one of the viewer's exports is queued or running. */
const POLL_MS = 2_000;

/** Re-renders the page (server data only) every 2 s while `isActive`, so a background export's progress and file link appear by themselves. */
export function RefreshWhileRunning({ isActive }: { isActive: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!isActive) return;
    const timer = setInterval(() => router.refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [isActive, router]);
  return null;
}
