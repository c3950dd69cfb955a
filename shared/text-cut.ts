// Where a long text may be cut. Main cuts what a message page carries and the renderer cuts what a
// bubble shows, both in UTF-16 units; a cut between the two halves of a surrogate pair would leave
// a lone half that every JSON and UTF-8 consumer on the way refuses or turns into U+FFFD.

/** Whether a cut at `at` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, at: number): boolean {
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}
