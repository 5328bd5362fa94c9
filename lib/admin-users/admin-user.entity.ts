import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ROLES } from '@/lib/auth/permissions';

const p = defineEntity.properties;

export const AdminUser = defineEntity({
  name: 'AdminUser',
  tableName: 'admin_users',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    email: p.string().length(254).unique(),
    name: p.string().length(120).default(''),
    role: p.enum([...ROLES]).columnType('varchar(20)'),
    passwordHash: p.text().hidden(),
    isActive: p.boolean().default(true),
    failedLoginCount: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
    lastLoginAt: p.datetime().nullable(),
    passwordChangedAt: p.datetime().defaultRaw('now()'),
    roleChangedAt: p.datetime().defaultRaw('now()'),
    mustChangePassword: p.boolean().default(false),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
  checks: [
    { name: 'admin_users_email_check', expression: `email::text = lower(email::text) AND email::text ~~ '%_@_%'::text` },
    { name: 'admin_users_failed_login_count_check', expression: 'failed_login_count >= 0' },
  ],
});

export type AdminUserEntity = InferEntity<typeof AdminUser>;
