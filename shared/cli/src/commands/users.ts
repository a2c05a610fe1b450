import { parseArgs } from 'node:util';
import { loadConfig, mongoEnv } from '@crumbtrail/runtime';
import { USER_ROLES, UsersRepo, type UserRole } from '@crumbtrail/storage';
import { MongoClient } from 'mongodb';
import { z } from 'zod';

export const USERS_USAGE = `users add --email <email> --role admin|manager|viewer [--brands a,b] [--name <name>]
users list
users remove --email <email>
users set-password --email <email>
    Manages dashboard users in MongoDB (MONGO_URL, MONGO_DB). The password is read from the environment
    variable CRUMBTRAIL_PASSWORD (never from the command line, where other users could see it), at least 12
    characters; stored as a scrypt hash. A new password logs the user out everywhere.`;

function password(): string {
  const p = process.env.CRUMBTRAIL_PASSWORD ?? '';
  if (p.length < 12) throw new Error('set CRUMBTRAIL_PASSWORD to the password (at least 12 characters)');
  return p;
}

export async function runUsers(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      brands: { type: 'string' },
      name: { type: 'string' },
    },
  });
  const config = loadConfig(z.object(mongoEnv));
  const client = await MongoClient.connect(config.MONGO_URL);
  try {
    const users = new UsersRepo(client.db(config.MONGO_DB));
    await users.ensureIndexes();
    const email = values.email?.trim().toLowerCase();
    const needEmail = (): string => {
      if (!email || !email.includes('@')) throw new Error('--email <address> is required');
      return email;
    };
    switch (sub) {
      case 'add': {
        const role = values.role as UserRole;
        if (!USER_ROLES.includes(role)) throw new Error(`--role must be one of ${USER_ROLES.join(', ')}`);
        const brands = (values.brands ?? '')
          .split(',')
          .map((b) => b.trim())
          .filter((b) => b.length > 0);
        const user = await users.add(
          { email: needEmail(), name: values.name ?? needEmail(), role, brands, password: password() },
          new Date(),
        );
        console.log(`added ${user.email} (${user.role}${brands.length ? `: ${brands.join(', ')}` : ''})`);
        return 0;
      }
      case 'list': {
        for (const u of await users.list()) {
          console.log(
            `${u.email}\t${u.role}\t${u.role === 'admin' ? '(all brands)' : u.brands.join(',') || '-'}\t${u.name}`,
          );
        }
        return 0;
      }
      case 'remove': {
        const user = await users.byEmail(needEmail());
        if (!user || !(await users.remove(user._id))) throw new Error(`no user ${needEmail()}`);
        console.log(`removed ${user.email}`);
        return 0;
      }
      case 'set-password': {
        const user = await users.byEmail(needEmail());
        if (!user) throw new Error(`no user ${needEmail()}`);
        await users.update(user._id, { password: password() }, new Date());
        console.log(`password of ${user.email} changed; their sessions are logged out`);
        return 0;
      }
      default:
        console.error(`usage: crumbtrail ${USERS_USAGE}`);
        return 2;
    }
  } finally {
    await client.close();
  }
}
