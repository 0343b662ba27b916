/** Who an audit entry names: a signed-in person as `user:<id>` with their display name. */
import type { Principal } from '../../lib/principal.js';
import type { Actor } from './service.js';

export const actorOf = (p: Principal): Actor => ({ id: `user:${p.userId}`, name: p.name });
