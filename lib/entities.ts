import { AdminUser } from './admin-users/admin-user.entity';
import { AuditEntry } from './audit/audit-entry.entity';
import { AppSetting } from './settings/app-setting.entity';

/** Every entity, listed explicitly: bundlers break folder discovery (MikroORM "Usage with Next.js"). */
export const entities = [AdminUser, AuditEntry, AppSetting];
