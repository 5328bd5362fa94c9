import { expect, test } from './fixtures/session';

test.use({ role: 'auditor' });

test('[API TOKENS]: an admin creates a token, sees it once, calls an API route with it, revokes it, and the next call gets 401', async ({
  page,
  playwright,
  baseURL,
}) => {
  const api = await playwright.request.newContext({ baseURL });
  try {
    await page.goto('/account/api-tokens');
    await page.getByLabel('Name').fill('nightly migration check');
    await page.getByLabel('Expires in (days)').fill('7');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.getByTestId('new-api-token').textContent())!.trim();
    expect(secret).toMatch(/^pend_[\w-]{43}$/);

    const call = () => api.get('/api/admin/migration/progress', { headers: { Authorization: `Bearer ${secret}` } });
    expect((await call()).status()).toBe(200);

    // Shown once: after a reload only the prefix is listed, with the use just made.
    await page.reload();
    await expect(page.getByTestId('new-api-token')).toHaveCount(0);
    const row = page.getByTestId('api-token-list').getByRole('row', { name: /nightly migration check/ });
    await expect(row).toContainText(secret.slice(0, 12));
    await expect(row).not.toContainText(secret);
    await expect(row).toContainText('active');

    await row.getByRole('button', { name: 'Revoke nightly migration check' }).click();
    await expect(row).toContainText('revoked');
    const refused = await call();
    expect(refused.status()).toBe(401);
    expect(await refused.json()).toEqual({ error: expect.any(String) });
  } finally {
    await api.dispose();
  }
});
