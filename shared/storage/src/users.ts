import { randomBytes } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from './collections';
import { hashPassword } from './passwords';

export const USER_ROLES = ['admin', 'manager', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A dashboard user (collection `dashboard_users`); written by the dashboard and by `crumbtrail users`. */
export interface UserDoc {
  /** 24 lowercase hex characters, random. */
  _id: string;
  /** Lowercase; unique. */
  email: string;
  name: string;
  role: UserRole;
  /** Brands a manager or viewer may see; ignored for an admin (every brand). */
  brands: string[];
  passwordHash: string;
  /** Sessions created before this are refused (a new password logs every device out). */
  passwordChangedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  brands: string[];
  password: string;
}

export class UserExistsError extends Error {
  constructor(email: string) {
    super(`a user with email ${email} exists already`);
    this.name = 'UserExistsError';
  }
}

/** Users are few (tens): the reads by email scan on FerretDB and use the unique `email` index on MongoDB. */
export class UsersRepo {
  private readonly users: Collection<UserDoc>;

  constructor(db: Db) {
    this.users = db.collection<UserDoc>(COLLECTIONS.dashboardUsers);
  }

  async ensureIndexes(): Promise<void> {
    // Serves byEmail() (login, CLI) and makes an email unique.
    await this.users.createIndex({ email: 1 }, { name: 'email', unique: true });
  }

  async add(user: NewUser, now: Date): Promise<UserDoc> {
    const email = user.email.trim().toLowerCase();
    if (await this.byEmail(email)) throw new UserExistsError(email);
    const doc: UserDoc = {
      _id: randomBytes(12).toString('hex'),
      email,
      name: user.name,
      role: user.role,
      brands: [...new Set(user.brands)].sort(),
      passwordHash: await hashPassword(user.password),
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.users.insertOne(doc);
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw new UserExistsError(email);
      throw err;
    }
    return doc;
  }

  /** Served by _id. */
  async get(id: string): Promise<UserDoc | null> {
    return this.users.findOne({ _id: id });
  }

  /** Served by the `email` index (a scan of the few users on FerretDB). */
  async byEmail(email: string): Promise<UserDoc | null> {
    return this.users.findOne({ email: email.trim().toLowerCase() });
  }

  /** Every user, by email (a scan: users are few). */
  async list(): Promise<UserDoc[]> {
    return this.users.find({}).sort({ email: 1 }).toArray();
  }

  async count(): Promise<number> {
    return this.users.countDocuments({});
  }

  /** Served by _id. */
  async update(
    id: string,
    change: Partial<Pick<UserDoc, 'name' | 'role' | 'brands'>> & { password?: string },
    now: Date,
  ): Promise<UserDoc | null> {
    const { password, ...fields } = change;
    const set: Partial<UserDoc> = { ...fields, updatedAt: now };
    if (fields.brands) set.brands = [...new Set(fields.brands)].sort();
    if (password !== undefined) {
      set.passwordHash = await hashPassword(password);
      set.passwordChangedAt = now;
    }
    return this.users.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' });
  }

  /** Served by _id. True when there was such a user. */
  async remove(id: string): Promise<boolean> {
    return (await this.users.deleteOne({ _id: id })).deletedCount === 1;
  }
}
