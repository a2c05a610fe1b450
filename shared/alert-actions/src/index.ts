export { BrandMutes } from './mutes-repo';
export type { BrandMute } from './mutes-repo';
export { AlertAcknowledgements } from './acks-repo';
export type { AlertAcknowledgement, AcknowledgeResult } from './acks-repo';
export { signActionToken, verifyActionToken, MIN_SECRET_LENGTH } from './action-token';
export type { EmailAction, VerifyResult } from './action-token';
