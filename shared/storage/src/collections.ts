/** Collection names of everything stored in the one database the services share. */
export const COLLECTIONS = {
  // Aggregator (writer); dashboard and CLI read them.
  mentions: 'mentions',
  rollupsHour: 'rollups_hour',
  alerts: 'alerts',
  alertHeads: 'alert_heads',
  // Poller (writer); the dashboard reads them.
  pollerCursors: 'poller_cursors',
  sourceStatus: 'source_status',
  // Dashboard (writer); the CLI reads and writes users and exports feedback.
  mentionFeedback: 'mention_feedback',
  dashboardUsers: 'dashboard_users',
} as const;
