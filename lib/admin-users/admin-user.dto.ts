import type { Role } from '@/lib/auth/permissions';
import type { AdminUserEntity } from './admin-user.entity';

export type AdminUserDto = {
  id: string;
  email: string;
  name: string;
  role: Role;
  isActive: boolean;
  isLocked: boolean;
  lastLoginAt: string | null;
  createdAt: string;
};

export function toAdminUserDto(user: AdminUserEntity, now = new Date()): AdminUserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    isActive: user.isActive,
    isLocked: !!user.lockedUntil && user.lockedUntil > now,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}
