/**
 * Bytes of a response body -> text, choosing the character encoding the way XML and HTTP say (RFC 7303 §3.2,
 * XML 1.0 Appendix F): a byte-order mark wins, then the `charset` of the Content-Type header, then (for XML) the
 * encoding in the `<?xml ... encoding="..."?>` declaration, then UTF-8. An encoding the runtime does not know falls
 * back to UTF-8 and is reported, so the caller can name it.
 */

export interface DecodedBody {
  text: string;
  /** The encoding used (WHATWG label as TextDecoder reports it, e.g. `utf-8`, `windows-1252`). */
  encoding: string;
  /** Where the encoding came from. */
  from: 'bom' | 'header' | 'prolog' | 'default';
  /** A declared encoding that is not supported (UTF-8 was used instead). */
  unknownEncoding?: string;
}

const BOMS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

function bomEncoding(bytes: Uint8Array): string | undefined {
  for (const [bom, enc] of BOMS) if (bom.every((b, i) => bytes[i] === b)) return enc;
  return undefined;
}

/** `text/xml; charset="ISO-8859-1"` -> `ISO-8859-1`. */
export function headerCharset(contentType: string | null | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return m?.[1];
}

/** The encoding named by an XML declaration at the start of the bytes (read as ASCII), if any. */
export function prologEncoding(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 512)).replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '');
  const m = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1];
}

function decoderFor(label: string): InstanceType<typeof TextDecoder> | undefined {
  try {
    return new TextDecoder(label.trim().toLowerCase());
  } catch {
    return undefined;
  }
}

export function decodeBody(
  bytes: Uint8Array,
  contentType: string | null | undefined,
  o: { xml: boolean },
): DecodedBody {
  const candidates: [string | undefined, DecodedBody['from']][] = [
    [bomEncoding(bytes), 'bom'],
    [headerCharset(contentType), 'header'],
    [o.xml ? prologEncoding(bytes) : undefined, 'prolog'],
  ];
  let unknownEncoding: string | undefined;
  for (const [label, from] of candidates) {
    if (!label) continue;
    const decoder = decoderFor(label);
    if (!decoder) {
      unknownEncoding ??= label;
      continue;
    }
    // A UTF-16 prolog read as ASCII would not match; a UTF-16 document without a BOM is not well-formed XML.
    return { text: decoder.decode(bytes), encoding: decoder.encoding, from, unknownEncoding };
  }
  return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', from: 'default', unknownEncoding };
}
