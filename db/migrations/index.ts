import type { Migration } from 'kysely';
import * as m0001 from './0001_register';
import * as m0002 from './0002_outbox';
import * as m0003 from './0003_field_provenance';
import * as m0005 from './0005_leaders_by_department';
import * as m0006 from './0006_lifecycle';
import * as m0008 from './0008_report_issues';
import * as m0009 from './0009_console';
import * as m0010 from './0010_outbox_request_id';

/** Every migration, by name; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '0001_register': m0001,
  '0002_outbox': m0002,
  '0003_field_provenance': m0003,
  '0005_leaders_by_department': m0005,
  '0006_lifecycle': m0006,
  '0008_report_issues': m0008,
  '0009_console': m0009,
  '0010_outbox_request_id': m0010,
};
