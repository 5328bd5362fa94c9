import { PageSkeleton } from '@/components/route-states/page-skeleton';

export default function SettingsLoading() {
  return <PageSkeleton label="Settings" rows={8} />;
}
