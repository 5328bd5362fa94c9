import { test as setup } from '@playwright/test';
import { ROLES } from '../lib/auth/permissions';
import { roleStorageState } from './fixtures/session';

// One UI sign-in per role and run; the specs reuse the saved sessions (e2e/fixtures/session.ts).
for (const role of ROLES) {
  setup(`sign in as ${role}`, async ({ browser, baseURL }) => {
    await roleStorageState(browser, role, baseURL);
  });
}
