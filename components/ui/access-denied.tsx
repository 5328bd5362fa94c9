import { ShieldXIcon } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';

export function AccessDenied({ message }: { message: string }) {
  return (
    <Alert role="alert" variant="destructive" data-testid="access-denied">
      <ShieldXIcon aria-hidden />
      <AlertTitle>Access denied.</AlertTitle>
      <AlertDescription>{message}</AlertDescription>
    </Alert>
  );
}
