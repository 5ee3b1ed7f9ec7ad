/* Writing CSV files (RFC 4180, CRLF line ends) for the API's and the
 * command line's exports: quoted fields, and text a spreadsheet would run
 * as a formula (=, +, -, @, tab, CR first) prefixed with an apostrophe. */
#ifndef MENTORD_API_CSV_H
#define MENTORD_API_CSV_H
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"

/* One field; first is the row's first (no comma before it). */
void api_csv_text(buf_t *out, const char *s, bool first);
void api_csv_int(buf_t *out, int64_t v, bool null);
void api_csv_end_row(buf_t *out);

#endif
