/** Collection names (shared with the dashboard and the CLI through @crumbtrail/storage). */
export { COLLECTIONS } from '@crumbtrail/storage';
