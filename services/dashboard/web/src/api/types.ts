// The web app's view of the API: types only, inferred from the zod schemas the server validates with
// (services/dashboard/src/api/schemas.ts). Nothing from zod ends up in the bundle.
import type { User } from '../../../src/api/schemas';

export type {
  AlertDetailResponse,
  AlertMarker,
  AlertSummary,
  AlertsResponse,
  BrandRef,
  Correction,
  CorrectionRequest,
  ErrorBody,
  InboxActionRequest,
  InboxActionResponse,
  InboxItem,
  InboxResponse,
  InboxState,
  Mention,
  MentionsResponse,
  MuteInfo,
  MuteRequest,
  MuteResponse,
  OverviewBrand,
  OverviewResponse,
  SessionResponse,
  SourceState,
  SourceStatus,
  SourcesResponse,
  TrendPoint,
  TrendResponse,
  CreateUserRequest,
  UpdateUserRequest,
  User,
} from '../../../src/api/schemas';

/** GET /api/v1/users */
export interface UsersResponse {
  items: User[];
}

export type Sentiment = 'negative' | 'neutral' | 'positive';
export type Intent = 'complaint' | 'question' | 'praise' | 'other';

export const SENTIMENTS: readonly Sentiment[] = ['negative', 'neutral', 'positive'];
export const INTENTS: readonly Intent[] = ['complaint', 'question', 'praise', 'other'];
