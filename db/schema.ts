import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Platform } from '../src/domain/actor';
import type { LifecycleState } from '../src/domain/lifecycle';

/** Timestamps come back as Date; we may write Date or ISO text. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** Calendar dates (`date` columns) travel as 'YYYY-MM-DD' text on both drivers. */
type CalendarDate = string;
type Json<T> = ColumnType<T, string, string>;

/** The lifecycle states (src/domain/lifecycle.ts names them and decides the moves between them). */
export type CommitmentStatus = LifecycleState;

export interface CampaignTable {
  id: Generated<number>;
  key: string;
  title: string;
  source_document: string;
  year: number;
  published_on: CalendarDate | null;
  created_at: CreatedAt;
}

export interface DepartmentTable {
  id: Generated<number>;
  name: string;
  created_at: CreatedAt;
}

export interface DepartmentAliasTable {
  alias: string;
  department_id: number;
}

export interface LeaderTable {
  id: Generated<number>;
  name: string;
  department_id: number | null;
  feishu_open_id: string | null;
  dingtalk_staff_id: string | null;
  created_at: CreatedAt;
}

export interface BindRequestTable {
  id: Generated<number>;
  leader_id: number;
  platform: Platform;
  user_id: string;
  user_name: string | null;
  status: 'pending' | 'approved' | 'rejected';
  requested_at: Timestamp;
}

export interface LiaisonTable {
  department_id: number;
  platform: Platform;
  user_id: string;
  display_name: string | null;
}

export interface AdminTable {
  platform: Platform;
  user_id: string;
  display_name: string | null;
}

export interface CommitmentTable {
  id: Generated<number>;
  campaign_id: number;
  source_key: string;
  department_id: number | null;
  department_heading: string | null;
  seq: number | null;
  category: string | null;
  text: string;
  deadline: CalendarDate | null;
  deadline_text: string | null;
  status: ColumnType<CommitmentStatus, CommitmentStatus | undefined, CommitmentStatus>;
  progress_percent: number | null;
  needs_review: boolean;
  review_reasons: Json<string[]>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  /** When the unit reported it done (the completion date that decides 逾期办结). */
  completed_at: Timestamp | null;
  /** The deadline before the first granted extension; null when never extended. */
  original_deadline: CalendarDate | null;
  acknowledged_at: Timestamp | null;
  approved_at: Timestamp | null;
  source: ColumnType<string, string | undefined, string>;
  co_department_ids: ColumnType<number[], string | undefined, string>;
  /** What the published document said, field by field, when last imported. */
  source_values: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** The fields a person set (spreadsheet, chat, console): field → { by, at }. */
  person_fields: ColumnType<Record<string, { by: string; at: string }>, string | undefined, string>;
}

export type ExtensionStatus = 'pending' | 'granted' | 'denied';

export interface ExtensionRequestTable {
  id: Generated<number>;
  commitment_id: number;
  requested_deadline: CalendarDate;
  reason: string;
  after_deadline: boolean;
  requested_by_platform: Platform;
  requested_by_id: string;
  requested_by_name: string | null;
  requested_at: Timestamp;
  status: ColumnType<ExtensionStatus, ExtensionStatus | undefined, ExtensionStatus>;
  granted_deadline: CalendarDate | null;
  decided_by_name: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
}

export interface CommitmentLeaderTable {
  commitment_id: number;
  leader_id: number;
  position: number;
}

export interface ProgressReportTable {
  id: Generated<number>;
  commitment_id: number;
  actor_platform: Platform;
  actor_id: string;
  actor_name: string | null;
  percent: number | null;
  value: string | null;
  note: string | null;
  created_at: Timestamp;
}

export interface EvidenceTable {
  id: Generated<number>;
  commitment_id: number;
  actor_platform: Platform;
  actor_id: string;
  actor_name: string | null;
  kind: 'text' | 'link' | 'file' | 'image';
  content: string | null;
  file_name: string | null;
  file_path: string | null;
  sha256: string | null;
  size_bytes: number | null;
  /** The type a file was stored with (console uploads); older rows have none. */
  mime_type: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface ActivityLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_platform: Platform;
  actor_id: string;
  actor_name: string | null;
  action: string;
  commitment_id: number | null;
  campaign_id: number | null;
  summary: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  /** The channel a change came through when not chat: 'console'. */
  via: ColumnType<string | null, string | null | undefined, never>;
}

export interface InboundEventTable {
  event_id: string;
  platform: Platform;
  kind: string;
  payload: Json<unknown>;
  status: 'received' | 'done' | 'failed';
  error: string | null;
  received_at: Timestamp;
  handled_at: Timestamp | null;
}

export interface EvidenceRequestTable {
  platform: Platform;
  chat_id: string;
  user_id: string;
  commitment_id: number;
  expires_at: Timestamp;
}

export interface BotMessageTable {
  platform: Platform;
  message_id: string;
  chat_id: string | null;
  commitment_id: number | null;
  created_at: Timestamp;
}

export interface GroupSubscriptionTable {
  platform: Platform;
  chat_id: string;
  department_ids: Json<number[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface OutboxTable {
  id: Generated<number>;
  dedupe_key: string;
  platform: Platform;
  target_kind: 'user' | 'chat';
  target_id: string;
  kind: string;
  payload: Json<Record<string, unknown>>;
  status: OutboxStatus;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  lease_until: Timestamp | null;
  last_error: string | null;
  message_id: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  /** The request that queued it (see src/requestContext.ts); its delivery logs under the same id. */
  request_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface JobRunTable {
  job: string;
  period: string;
  finished_at: Timestamp;
  summary: string | null;
}

export interface ReportIssueTable {
  id: Generated<number>;
  year: number;
  number: number;
  /** Monday of the reported week. */
  week_start: CalendarDate;
  /** The campaigns reported on, by key, sorted and comma-joined; '' for all. */
  scope: string;
  issued_on: CalendarDate;
  created_at: Timestamp;
}

export interface ConsoleSessionTable {
  token_hash: string;
  actor: Json<ConsoleActorJson>;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ConsoleActorJson {
  platform: Platform;
  id: string;
  name: string | null;
}

export interface ConsoleSpentLinkTable {
  nonce: string;
  used_at: Timestamp;
}

export interface CampaignSourceTable {
  campaign_id: number;
  file_name: string;
  content: string;
  stored_at: Timestamp;
}

export interface ConsoleImportTable {
  id: Generated<number>;
  session_hash: string;
  campaign: Json<unknown>;
  items: Json<unknown>;
  source_text: string | null;
  created_at: Timestamp;
  committed_at: Timestamp | null;
}

export interface Database {
  campaigns: CampaignTable;
  departments: DepartmentTable;
  department_aliases: DepartmentAliasTable;
  leaders: LeaderTable;
  bind_requests: BindRequestTable;
  liaisons: LiaisonTable;
  admins: AdminTable;
  commitments: CommitmentTable;
  commitment_leaders: CommitmentLeaderTable;
  progress_reports: ProgressReportTable;
  evidence: EvidenceTable;
  activity_log: ActivityLogTable;
  inbound_events: InboundEventTable;
  evidence_requests: EvidenceRequestTable;
  bot_messages: BotMessageTable;
  group_subscriptions: GroupSubscriptionTable;
  outbox: OutboxTable;
  job_runs: JobRunTable;
  extension_requests: ExtensionRequestTable;
  report_issues: ReportIssueTable;
  console_sessions: ConsoleSessionTable;
  console_spent_links: ConsoleSpentLinkTable;
  campaign_sources: CampaignSourceTable;
  console_imports: ConsoleImportTable;
}

export type OutboxRow = Selectable<OutboxTable>;

export type Commitment = Selectable<CommitmentTable>;
export type NewCommitment = Insertable<CommitmentTable>;
export type CommitmentUpdate = Updateable<CommitmentTable>;
export type Department = Selectable<DepartmentTable>;
export type Leader = Selectable<LeaderTable>;
export type Campaign = Selectable<CampaignTable>;
