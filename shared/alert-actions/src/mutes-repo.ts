import type { Collection, Db } from 'mongodb';

/** A brand whose alerts nobody should be sent until `until`; one document per brand, so a new mute replaces the old. */
export interface BrandMute {
  _id: string; // the brand id
  until: Date;
  by: string; // user name, or `email:<recipient>` for a mute from an email link
  note?: string;
  at: Date;
}

/** Brand mutes (collection `brand_mutes`). Every query is an `_id` lookup, fast on MongoDB and on FerretDB. */
export class BrandMutes {
  private readonly mutes: Collection<BrandMute>;

  constructor(db: Db, collectionName = 'brand_mutes') {
    this.mutes = db.collection<BrandMute>(collectionName);
  }

  /** Mutes `brand` until `until`, replacing any earlier mute (a shorter one too: the latest decision wins). */
  async mute(mute: Omit<BrandMute, '_id' | 'at'> & { brand: string }, now: Date): Promise<BrandMute> {
    const { brand, ...rest } = mute;
    const doc: BrandMute = { _id: brand, ...rest, at: now };
    // Served by _id.
    await this.mutes.replaceOne({ _id: brand }, doc, { upsert: true });
    return doc;
  }

  /** Lifts the mute; true when there was one. */
  async unmute(brand: string): Promise<boolean> {
    // Served by _id.
    const res = await this.mutes.deleteOne({ _id: brand });
    return res.deletedCount === 1;
  }

  /** The mute in force at `now`, or null; an expired mute is simply ignored (no job needed to clear it). */
  async activeMute(brand: string, now: Date): Promise<BrandMute | null> {
    // Served by _id.
    const mute = await this.mutes.findOne({ _id: brand });
    return mute && mute.until.getTime() > now.getTime() ? mute : null;
  }
}
