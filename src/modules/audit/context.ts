/** What an audit operation receives. */
import type { Database } from '../../db/client.js';

export interface AuditContext {
  db: Database['db'];
}
