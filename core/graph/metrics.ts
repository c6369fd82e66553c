/** Sizes of everything the layout places, shared with the renderer. */
export const METRICS = {
  cardWidth: 304,
  cardHeight: 60,
  /** Height of a container's title bar. */
  header: 38,
  /** Inner padding of a container around its steps. */
  padding: 16,
  /** Room beside a parallel workflow's branches for the fork lines, and after them for the joins. */
  lane: 26,
  /** Between consecutive steps: room for the arrow. */
  gapFlow: 48,
  /** Between parallel branches and between entries. */
  gapCross: 16,
  /** Between the entries and the workflow they start. */
  entryGap: 64,
  /** Between the release flow and the teardown section. */
  sectionGap: 56,
  margin: 24,
  emptyWidth: 160,
  emptyHeight: 40,
} as const;
