/**
 * Applying a saved model to a file whose column names differ: which of the model's columns the
 * file has, which it lacks (every one named, not just the first), and, for each lacking one, the
 * file's numeric columns to choose from, closest name first. The user's choices become the list of
 * file columns in the model's order. Pure (no vscode): unit-tested; exportCommands asks the user.
 */

export interface FileColumn { readonly name: string; readonly kind: 'numeric' | 'text' }

export interface ModelColumnMatch {
  /** The model's columns, in its order, with the file's column of the same name or undefined. */
  readonly matched: readonly { model: string; file: string | undefined }[];
  /** Model columns the file has no column of that name for. */
  readonly missing: readonly string[];
  /** Model columns the file has, but as text (a number column with a text cell). */
  readonly notNumeric: readonly string[];
}

export function matchModelColumns(modelColumns: readonly string[], fileColumns: readonly FileColumn[]): ModelColumnMatch {
  const byName = new Map(fileColumns.map(c => [c.name, c]));
  const matched = modelColumns.map(model => ({ model, file: byName.get(model)?.kind === 'numeric' ? model : undefined }));
  return {
    matched,
    missing: modelColumns.filter(name => !byName.has(name)),
    notNumeric: modelColumns.filter(name => byName.get(name)?.kind === 'text'),
  };
}

/** "bill_length_mm", "Bill Length (mm)" and "bill-length-mm" are the same name to a reader. */
export function normaliseName(name: string): string {
  return name.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Levenshtein distance, for ranking near names ("flipper_len" next to "flipper_length_mm"). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The file's numeric columns a model column could be mapped to, closest name first: the same
 * name once case, spaces and punctuation are ignored, then a name that contains the other
 * ("flipper" for "flipper_length_mm"), then by edit distance of the normalised names; ties keep
 * the file's order. Columns already `taken` by another model column are left out.
 */
export function candidateColumns(modelColumn: string, fileColumns: readonly FileColumn[], taken: ReadonlySet<string>): { name: string; sameName: boolean }[] {
  const target = normaliseName(modelColumn);
  return fileColumns
    .filter(c => c.kind === 'numeric' && !taken.has(c.name))
    .map((c, order) => {
      const normal = normaliseName(c.name);
      const contains = normal.length > 0 && (normal.includes(target) || target.includes(normal));
      return { name: c.name, sameName: normal === target, contains, distance: editDistance(normal, target), order };
    })
    .sort((a, b) => Number(b.sameName) - Number(a.sameName) || Number(b.contains) - Number(a.contains)
      || a.distance - b.distance || a.order - b.order)
    .map(({ name, sameName }) => ({ name, sameName }));
}

/**
 * The file's columns in the model's order, from the names that matched and the user's choices
 * (model column → file column). Throws with every problem named when one is left unmapped, a
 * file column is used twice, or a chosen column is not numeric.
 */
export function resolveModelColumns(match: ModelColumnMatch, choices: ReadonlyMap<string, string>, fileColumns: readonly FileColumn[]): string[] {
  const kinds = new Map(fileColumns.map(c => [c.name, c.kind]));
  const columns = match.matched.map(({ model, file }) => file ?? choices.get(model));
  const unmapped = match.matched.filter((_, j) => columns[j] === undefined).map(m => m.model);
  if (unmapped.length > 0) { throw new Error(`No column of the file was chosen for the model's ${listNames(unmapped, 'column')}.`); }
  const used = new Map<string, string[]>();
  match.matched.forEach(({ model }, j) => used.set(columns[j]!, [...(used.get(columns[j]!) ?? []), model]));
  const twice = [...used.entries()].filter(([, models]) => models.length > 1);
  if (twice.length > 0) {
    throw new Error(twice.map(([file, models]) => `"${file}" was chosen for ${models.map(m => `"${m}"`).join(' and ')}`).join('; ') + ': each model column needs its own.');
  }
  const text = columns.filter(name => kinds.get(name!) !== 'numeric');
  if (text.length > 0) { throw new Error(`The file's ${listNames(text as string[], 'column')} ${text.length > 1 ? 'are' : 'is'} not numeric.`); }
  return columns as string[];
}

/** 'column "a"', 'columns "a", "b" and "c"'. */
export function listNames(names: readonly string[], noun: string): string {
  const quoted = names.map(n => `"${n}"`);
  const list = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}` : quoted[0] ?? '';
  return `${noun}${names.length > 1 ? 's' : ''} ${list}`;
}
