/** Collection names; the demo and the CLI read these. */
export const COLLECTIONS = {
  mentions: 'mentions',
  rollupsHour: 'rollups_hour',
  alerts: 'alerts',
  alertHeads: 'alert_heads',
} as const;
