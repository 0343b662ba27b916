/** `yimen user create`: a staff account from the command line, e.g. the first administrator. */
import { parseArgs } from 'node:util';
import type { Database } from '../db/client.js';
import { AppError } from '../lib/errors.js';
import { generatePassword } from '../modules/accounts/index.js';
import { STAFF_ROLES } from '../lib/principal.js';
import { createStaffAdmin } from '../modules/accounts/index.js';
import { createCatalogService } from '../modules/catalog/index.js';
import { localChangeBus } from '../lib/changes.js';

export async function userCommand(database: Database, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') {
    console.error('usage: yimen user create --username NAME --name 姓名 --role ROLE [--department SLUG]');
    console.error(`roles: ${STAFF_ROLES.join(', ')}; the password comes from YIMEN_PASSWORD, or one is generated and printed once`);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      department: { type: 'string' },
    },
  });
  if (!values.username || !values.role) {
    console.error('yimen user create: --username and --role are required');
    return 2;
  }
  const given = process.env.YIMEN_PASSWORD || undefined;
  const password = given ?? generatePassword();
  try {
    // the catalogue names the departments (only its department names are read: no time zone needed)
    const catalog = createCatalogService(database, localChangeBus(), 'UTC');
    const user = await createStaffAdmin(database, catalog).createStaff({
      username: values.username,
      displayName: values.name ?? values.username,
      role: values.role,
      department: values.department,
      password,
    });
    console.log(`created ${user.role} "${user.username}" (id ${user.id})`);
    if (!given) console.log(`password (shown once): ${password}`);
    return 0;
  } catch (e) {
    if (e instanceof AppError) {
      console.error(`yimen user create: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
