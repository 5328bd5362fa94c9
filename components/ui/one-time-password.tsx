/** Shown once after create/reset; the password is not stored in clear anywhere and cannot be shown again. */
export function OneTimePassword({ email, password }: { email: string; password: string }) {
  return (
    <div role="status" className="notice success">
      One-time password for <strong>{email}</strong>: <code data-testid="one-time-password">{password}</code>
      <br />
      Copy it now and hand it over securely; it will not be shown again.
    </div>
  );
}
