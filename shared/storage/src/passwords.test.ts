import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './passwords';

it('verifies the password it hashed and nothing else; the hash does not contain the password', async () => {
  const stored = await hashPassword('correct horse battery staple');
  expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
  expect(stored).not.toContain('horse');
  await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
  await expect(verifyPassword('correct horse battery stapler', stored)).resolves.toBe(false);
  expect(await hashPassword('correct horse battery staple')).not.toBe(stored); // salted
});

it('refuses malformed stored hashes and the dummy hash', async () => {
  await expect(verifyPassword('x', 'plain-text')).resolves.toBe(false);
  await expect(verifyPassword('', DUMMY_PASSWORD_HASH)).resolves.toBe(false);
});
