import { z } from 'zod';
import { ROLES, type Role } from '@/lib/auth/permissions';

/** Always required (decision 057): the screen shows it locked and the schema puts it back whatever is sent. */
export const ALWAYS_MFA_ROLE = 'super_admin' satisfies Role;
export const OPTIONAL_MFA_ROLES = ROLES.filter((role) => role !== ALWAYS_MFA_ROLE);

const ticked = z.literal('on').optional();

/** One checkbox per optional role (a form sends each ticked one as `<role>=on`); the result is the full list, in role order. */
export const mfaRequiredRolesSchema = z
  .object({ asset_manager: ticked, kyc_verifier: ticked, auditor: ticked, viewer: ticked })
  .transform((input): Role[] => ROLES.filter((role) => role === ALWAYS_MFA_ROLE || input[role as Exclude<Role, typeof ALWAYS_MFA_ROLE>] === 'on'));
