// The web app's view of the API: types inferred from the zod schemas the server validates with
// (services/dashboard/src/api/schemas.ts), and the label lists of the contracts' zod-free module. Nothing from zod
// ends up in the bundle.
import { INTENT_LABELS, SENTIMENT_LABELS } from '@crumbtrail/contracts/labels';
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

export type Sentiment = (typeof SENTIMENT_LABELS)[number];
export type Intent = (typeof INTENT_LABELS)[number];

export const SENTIMENTS: readonly Sentiment[] = SENTIMENT_LABELS;
export const INTENTS: readonly Intent[] = INTENT_LABELS;
