/** Collection names of everything stored in the one database the services share. */
export const COLLECTIONS = {
  // Aggregator (writer); dashboard and CLI read them.
  mentions: 'mentions',
  rollupsHour: 'rollups_hour',
  alerts: 'alerts',
  alertHeads: 'alert_heads',
  /** `<brand>#<rev>`: one document per alert opened, the exclusive claim of that head revision. */
  alertHeadClaims: 'alert_head_claims',
  // Poller (writer); the dashboard reads them.
  pollerCursors: 'poller_cursors',
  sourceStatus: 'source_status',
  // Dashboard (writer); the CLI reads and writes users and exports feedback.
  mentionFeedback: 'mention_feedback',
  dashboardUsers: 'dashboard_users',
} as const;
