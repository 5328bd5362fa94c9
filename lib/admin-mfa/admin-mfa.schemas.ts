import { z } from 'zod';

/** A 6-digit TOTP code or a recovery code (16 hex digits, dashes and spaces allowed). */
export const mfaCodeSchema = z.object({
  code: z.string().trim().min(1, 'Enter the code.').max(40, 'That code is too long.'),
});
export type MfaCodeInput = z.infer<typeof mfaCodeSchema>;

export const startTotpEnrolmentSchema = z.object({});

export const resetAdminMfaSchema = z.object({ id: z.uuid({ message: 'Unknown admin user.' }) });
