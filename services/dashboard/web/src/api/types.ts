// The web app's view of the API: types only, inferred from the zod schemas the server validates with
// (services/dashboard/src/api/schemas.ts). Nothing from zod ends up in the bundle.
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
} from '../../../src/api/schemas';

export type Sentiment = 'negative' | 'neutral' | 'positive';
export type Intent = 'complaint' | 'question' | 'praise' | 'other';

export const SENTIMENTS: readonly Sentiment[] = ['negative', 'neutral', 'positive'];
export const INTENTS: readonly Intent[] = ['complaint', 'question', 'praise', 'other'];
