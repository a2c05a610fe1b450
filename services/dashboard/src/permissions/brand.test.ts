import {
  canAcknowledge,
  canCorrect,
  canManageUsers,
  canMute,
  canReadBrand,
  canTriage,
  readableBrands,
  type Auth,
} from './brand';

function auth(role: Auth['role'], brands: string[] = []): Auth {
  return { userId: 'u', actor: 'u@example.com', role, brands: new Set(brands), via: 'session' };
}

const actions = [canTriage, canCorrect, canAcknowledge, canMute];

it('lets an admin read and act on every brand and manage users', () => {
  const admin = auth('admin');
  expect(canReadBrand(admin, 'any-brand')).toBe(true);
  for (const can of actions) expect(can(admin, 'any-brand')).toBe(true);
  expect(canManageUsers(admin)).toBe(true);
});

it('lets a manager read and act on the assigned brands only', () => {
  const manager = auth('manager', ['acme']);
  expect(canReadBrand(manager, 'acme')).toBe(true);
  for (const can of actions) expect(can(manager, 'acme')).toBe(true);
  expect(canReadBrand(manager, 'globex')).toBe(false);
  for (const can of actions) expect(can(manager, 'globex')).toBe(false);
  expect(canManageUsers(manager)).toBe(false);
});

it('lets a viewer read the assigned brands and change nothing', () => {
  const viewer = auth('viewer', ['acme']);
  expect(canReadBrand(viewer, 'acme')).toBe(true);
  expect(canReadBrand(viewer, 'globex')).toBe(false);
  for (const can of actions) expect(can(viewer, 'acme')).toBe(false);
  expect(canManageUsers(viewer)).toBe(false);
});

it('refuses everything to nobody', () => {
  expect(canReadBrand(null, 'acme')).toBe(false);
  for (const can of actions) expect(can(null, 'acme')).toBe(false);
  expect(canManageUsers(null)).toBe(false);
});

it('filters a brand list to the readable ones, keeping the order', () => {
  expect(readableBrands(auth('viewer', ['c', 'a']), ['a', 'b', 'c'])).toEqual(['a', 'c']);
  expect(readableBrands(auth('admin'), ['a', 'b'])).toEqual(['a', 'b']);
});
