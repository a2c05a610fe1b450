import type { AlertAcknowledgements, BrandMutes } from '@crumbtrail/alert-actions';
import type { UsersRepo } from '@crumbtrail/storage';
import type { Logger } from '@crumbtrail/runtime';
import type { SessionsRepo } from './auth/sessions-repo';
import type { TokensRepo } from './auth/tokens-repo';
import type { LoginFailures } from './auth/login-failures-repo';
import type { LiveHub } from './live/hub';
import type { InboxRepo } from './readmodel/inbox-repo';
import type { MentionIndexRepo } from './readmodel/mention-index-repo';
import type { AuditRepo } from './store/audit-repo';
import type { FeedbackRepo } from './store/feedback-repo';
import type { StoredReads } from './store/readers';

/** A brand as the dashboard knows it (from BRANDS_FILE): id, display name, its enabled sources. */
export interface BrandInfo {
  id: string;
  name: string;
  sources: string[];
}

/** What routes use; built once by app.ts. */
export interface Deps {
  brands: ReadonlyMap<string, BrandInfo>;
  users: UsersRepo;
  sessions: SessionsRepo;
  tokens: TokensRepo;
  loginFailures: LoginFailures;
  audit: AuditRepo;
  reads: StoredReads;
  index: MentionIndexRepo;
  inbox: InboxRepo;
  feedback: FeedbackRepo;
  mutes: BrandMutes;
  acks: AlertAcknowledgements;
  hub: LiveHub;
  clock: () => Date;
  logger: Logger;
  sessionTtlMs: number;
  cookieSecure: boolean;
  actionTokenSecret?: string;
}
