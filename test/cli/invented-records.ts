/**
 * RentTheRunway-format records (JSON lines, each ending in a newline) with the given fit labels, one per label; every
 * record is invented: 7 customers, 5 articles, sizes 4..9, one category.
 */
export function inventedRecords(fits: readonly string[]): string {
  return fits
    .map((fit, i) =>
      JSON.stringify({
        fit,
        user_id: `u${i % 7}`,
        item_id: `i${i % 5}`,
        category: 'dress',
        size: 4 + (i % 6),
        'rented for': 'party',
        rating: '10',
      }),
    )
    .join('\n')
    .concat('\n');
}
