import { z } from 'zod';

/** A user page's id: the `identities` row id, never the identity hash (personal data stays out of URLs). */
export const identityIdSchema = z.uuid({ message: 'Not a user id.' });

export const ACCESS_REASON_MIN = 10;
export const ACCESS_REASON_MAX = 500;

/** Why an admin looks at personal data: kept with the access in the audit trail (and the access log). */
export const accessReasonSchema = z
  .string()
  .trim()
  .min(ACCESS_REASON_MIN, `Say why, in at least ${ACCESS_REASON_MIN} characters; it is kept with the access.`)
  .max(ACCESS_REASON_MAX, `At most ${ACCESS_REASON_MAX} characters.`);

/** How long the page shows a revealed number before hiding it again. */
export const REVEAL_VISIBLE_SECONDS = 30;

export const revealPhoneSchema = z.object({ identityId: identityIdSchema, reason: accessReasonSchema });
export type RevealPhoneInput = z.infer<typeof revealPhoneSchema>;

export const ACCOUNT_STATUS_ACTIONS = ['suspend', 'reactivate'] as const;
export type AccountStatusAction = (typeof ACCOUNT_STATUS_ACTIONS)[number];

export const changeAccountStatusSchema = z.object({ identityId: identityIdSchema, action: z.enum(ACCOUNT_STATUS_ACTIONS), reason: accessReasonSchema });
export type ChangeAccountStatusInput = z.infer<typeof changeAccountStatusSchema>;
