/** Collection names; the demo and the CLI read these. */
export const COLLECTIONS = {
  mentions: 'mentions',
  rollupsMinute: 'rollups_minute',
  rollupsHour: 'rollups_hour',
  alerts: 'alerts',
} as const;
