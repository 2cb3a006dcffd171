/**
 * The stderr line a command prints when some class's one-vs-rest AUC over the rows it scored is undefined (the rows
 * hold no row of that class, or only such rows), or `null` when every class's AUC is defined.
 */
export function undefinedAucNote(command: string, auc: Readonly<Record<string, number>>, rows: string): string | null {
  const classes = Object.keys(auc).filter((c) => Number.isNaN(auc[c]));
  if (classes.length === 0) return null;
  const many = classes.length > 1;
  return (
    `sizefit ${command}: ${many ? 'the AUCs of' : 'the AUC of'} ${classes.map((c) => `'${c}'`).join(', ')} ` +
    `${many ? 'are' : 'is'} undefined (${rows} no row of that class, or only such rows), so avg AUC and its ` +
    `interval are too (null in --json); the other metrics are computed`
  );
}
