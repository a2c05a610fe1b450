declare module 'stopwords-iso' {
  /** ISO 639-1 code -> stopwords of that language. */
  const stopwords: Record<string, string[]>;
  export default stopwords;
}
