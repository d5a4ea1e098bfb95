/**
 * Which field of the configuration each rendered resource comes from. The app declares a source for the
 * constructs it builds (an environment, a workflow, a step's task, the network...); a rendered resource belongs to
 * the nearest construct above it that has one (cdktf writes each resource's construct path in its `//` metadata).
 * The checks of the rendered stacks report their problems at that field, so that an error still names the
 * `main.ts` field and value that caused it. No cdktf here: a construct is any object.
 */

/** What a too large document (inline policies, definition, input) of a source is reported as. */
export interface ContentSource {
  /** The field that makes the document grow, e.g. `[0, 'workflows', 1, 'steps']`. */
  readonly path: readonly PropertyKey[];
  /** The value shown for that field. @default - the field's value in the configuration */
  readonly value?: unknown;
  /** Who is said to make the document, e.g. `workflow nightly`. @default - the source's label */
  readonly owner?: string;
  /** What makes the document smaller. */
  readonly remedy: string;
}

/** What declares a construct's resources: a field of the configuration, as a path from the list of environments. */
export interface Source {
  /** The field that names the resources, e.g. `[0, 'workflows', 1, 'steps', 0, 'name']`: where a name problem is reported. */
  readonly path: readonly PropertyKey[];
  /** e.g. `step c of workflow a-b in environment dev`; two sources with one label are one declaration. */
  readonly label: string;
  /** Where a document of the resources that is too large is reported. @default - at `path`, by `label` */
  readonly content?: ContentSource;
  /**
   * Longest result of each step that reports one, by result key (`resultMaxChars`), for the run-time values the
   * rendered definition cannot bound itself (a result a Distributed fan-out reads straight from S3). Only on a
   * workflow. @default - none
   */
  readonly resultMaxChars?: Readonly<Record<string, number>>;
}

const declared = new WeakMap<object, Source>();

/** Records what declares `construct` (and the resources under it that have no source of their own). */
export function declareSource(construct: object | undefined, source: Source): void {
  if (construct !== undefined) declared.set(construct, source);
}

/** The source declared for exactly this construct, if any. */
export function declaredSource(construct: object): Source | undefined {
  return declared.get(construct);
}

/** The sources of one stack by construct path (`dev/daily-batch/task1`), as `nearestSource` reads them. */
export type SourcesByPath = ReadonlyMap<string, Source>;

/** The source of the construct at `constructPath`, or of the nearest construct above it that has one. */
export function nearestSource(sources: SourcesByPath, constructPath: string): Source | undefined {
  for (let at = constructPath; at !== ''; at = at.includes('/') ? at.slice(0, at.lastIndexOf('/')) : '') {
    const found = sources.get(at);
    if (found) return found;
  }
  return undefined;
}
