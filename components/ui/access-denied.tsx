export function AccessDenied({ message }: { message: string }) {
  return (
    <div role="alert" className="notice error" data-testid="access-denied">
      <strong>Access denied.</strong> {message}
    </div>
  );
}
