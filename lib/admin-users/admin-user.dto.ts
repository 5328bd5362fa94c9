import { ACCOUNT_DELAY_AFTER } from '@/lib/auth/login-throttle';
import type { Role } from '@/lib/auth/permissions';
import type { AdminUserEntity } from './admin-user.entity';

export type AdminUserDto = {
  id: string;
  email: string;
  name: string;
  role: Role;
  isActive: boolean;
  /** Wrong passwords since the last sign-in reached the point where the login throttle slows this account (nothing locks it). */
  isUnderAttack: boolean;
  lastLoginAt: string | null;
  createdAt: string;
};

export function toAdminUserDto(user: AdminUserEntity): AdminUserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    isActive: user.isActive,
    isUnderAttack: user.failedLoginCount >= ACCOUNT_DELAY_AFTER,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}
