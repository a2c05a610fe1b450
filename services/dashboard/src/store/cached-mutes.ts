import { BrandMutes, type BrandMute } from '@crumbtrail/alert-actions';
import { FRESH_MS } from './freshness';
import { ReadCache } from './read-cache';

/** BrandMutes whose reads are kept FRESH_MS (every overview reads every brand's); this process's changes drop them. */
export class CachedBrandMutes extends BrandMutes {
  private readonly stored = new ReadCache<BrandMute | null>(1_000);

  override async activeMute(brand: string, now: Date): Promise<BrandMute | null> {
    // Read whatever mute is stored (in force after the epoch), then judge it at `now`.
    const mute = await this.stored.get(
      brand,
      () => FRESH_MS,
      () => super.activeMute(brand, new Date(0)),
    );
    return mute && mute.until.getTime() > now.getTime() ? mute : null;
  }

  override async mute(
    mute: Omit<BrandMute, '_id' | 'at'> & { brand: string },
    now: Date,
  ): Promise<BrandMute> {
    const doc = await super.mute(mute, now);
    this.stored.invalidate(mute.brand);
    return doc;
  }

  override async unmute(brand: string): Promise<boolean> {
    const lifted = await super.unmute(brand);
    this.stored.invalidate(brand);
    return lifted;
  }
}
