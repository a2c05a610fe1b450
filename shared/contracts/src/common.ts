import { z } from 'zod';
import { SOURCE_NAMES } from './labels';

export { SOURCE_NAMES };
export const SourceName = z.enum(SOURCE_NAMES);
export type SourceName = z.infer<typeof SourceName>;

/** Brand ids are slugs so they are safe as keys, in URLs and in MongoDB field names. */
export const BrandId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'brand id: lowercase letters, digits and dashes, at most 64');

export const IsoDateTime = z.iso.datetime({ offset: true }).describe('RFC 3339 timestamp');

/** ISO 639-1 (or -3) code, or `und` when the language cannot be told. */
export const LanguageCode = z.string().regex(/^([a-z]{2,3}|und)$/, 'ISO 639 language code or "und"');

export const HexId = z.string().regex(/^[0-9a-f]{32}$/, '32 lowercase hex characters');

export const NonNegativeInt = z.number().int().nonnegative();
