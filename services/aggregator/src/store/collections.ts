/** Collection names; the demo and the CLI read these. */
export const COLLECTIONS = {
  mentions: 'mentions',
  rollupsHour: 'rollups_hour',
  alerts: 'alerts',
  alertHeads: 'alert_heads',
  /** `<brand>#<rev>`: one document per alert opened, the exclusive claim of that head revision. */
  alertHeadClaims: 'alert_head_claims',
} as const;
