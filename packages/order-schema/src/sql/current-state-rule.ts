import { LAKE_COLUMN_NAMES } from '../lake-columns';

/**
 * The current-state rule, written once for the view and the MERGE. Each key list is read best first;
 * `row` qualifies the columns (`''`, `'s.'`, `'t.'`).
 *
 * Per order the winning change has the highest version; at an equal version a delete wins (it carries
 * the version it removed), then the later event_time (ISO 8601 UTC text sorts as time), then the higher
 * sequence (decimal digits: the longer is the higher).
 */
const winnerKeys = (row: string): string[] => [
  `${row}version`,
  `CASE WHEN ${row}is_deleted THEN 1 ELSE 0 END`,
  `${row}event_time`,
  `length(${row}sequence)`,
  `${row}sequence`,
];

/**
 * Copies of one change (the same event_id, delivered more than once) are one change: the copy that
 * arrived first is kept, and among copies that arrived together the lower sequence, so that the choice
 * never depends on the engine.
 */
const copyKeys = (row: string): string[] => [`${row}ingest_time`, `length(${row}sequence)`, `${row}sequence`];

/** `left` sorts after `right` by the keys in turn: `a > b OR (a = b AND …)`. */
function sortsAfter(left: readonly string[], right: readonly string[]): string {
  const [leftKey, ...leftRest] = left;
  const [rightKey, ...rightRest] = right;
  if (leftRest.length === 0) return `${leftKey} > ${rightKey}`;
  return `(${leftKey} > ${rightKey} OR (${leftKey} = ${rightKey} AND ${sortsAfter(leftRest, rightRest)}))`;
}

/**
 * The lake's rows de-duplicated on event_id and ranked per order by the rule: `state_rank = 1` is the
 * winning change of its order (a delete included). `where` filters the lake rows read (a window).
 */
export function rankedChangesSql(table: string, where?: string): string {
  const columns = LAKE_COLUMN_NAMES.join(', ');
  const filter = where === undefined ? '' : `\n    WHERE ${where}`;
  return `SELECT ${columns},
    row_number() OVER (
      PARTITION BY order_id
      ORDER BY ${winnerKeys('')
        .map((key) => `${key} DESC`)
        .join(', ')}
    ) AS state_rank
  FROM (
    SELECT ${columns},
      row_number() OVER (PARTITION BY event_id ORDER BY ${copyKeys('').join(', ')}) AS copy_rank
    FROM ${table}${filter}
  ) AS deduplicated
  WHERE copy_rank = 1`;
}

/**
 * Whether the change `source` replaces the row `target` holds (both qualifiers, e.g. `'s.'`, `'t.'`):
 * another copy of the same change replaces it only if it arrived first; a different change only if it
 * wins by the rule. Equal rows never replace each other, so folding the same change twice changes nothing.
 */
export function replacesSql(source: string, target: string): string {
  return `CASE WHEN ${source}event_id = ${target}event_id
    THEN ${sortsAfter(copyKeys(target), copyKeys(source))}
    ELSE ${sortsAfter(winnerKeys(source), winnerKeys(target))} END`;
}
