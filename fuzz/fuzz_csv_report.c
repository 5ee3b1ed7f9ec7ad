/* libFuzzer target: the program report as CSV (api_report_csv_write,
 * behind GET /api/v1/programs/{id}/report.csv and `mentord report --csv`),
 * read back with libcsv. Each input line is a row: mentor name, mentee name,
 * phase and flags separated by TABs (any other bytes as they come); the
 * numbers come from the line's position. The file must read back as
 * RFC 4180 with the header first, every row with all 17 cells, and every
 * text cell exactly as written, except that text a spreadsheet would run
 * as a formula (=, +, -, @, TAB, CR first) carries a leading apostrophe. */
#include "harness.h"

#include "api/health.h"
#include "core/arena.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { COLS = 32, MAX_ROWS = 64 }; /* COLS: room for the report's columns, found by name */

typedef struct table {
	char *cell[MAX_ROWS + 1][COLS];
	size_t len[MAX_ROWS + 1][COLS];
	int ncols[MAX_ROWS + 1];
	int rows, col;
	bool overflow;
} table_t;

static void on_field(void *s, size_t len, void *data)
{
	table_t *t = data;
	if (t->rows > MAX_ROWS || t->col >= COLS) {
		t->overflow = true;
		t->col++;
		return;
	}
	char *c = malloc(len + 1);
	if (!c)
		abort();
	memcpy(c, s ? s : "", s ? len : 0);
	c[len] = '\0';
	t->cell[t->rows][t->col] = c;
	t->len[t->rows][t->col] = len;
	t->col++;
}

static void on_row(int term, void *data)
{
	table_t *t = data;
	(void)term;
	if (t->rows <= MAX_ROWS)
		t->ncols[t->rows] = t->col;
	t->rows++;
	t->col = 0;
}

/* What a cell must read back as: the text, defused when it starts like a
 * formula. */
static char *expected(arena_t *a, const char *s)
{
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
	return formula ? arena_printf(a, "'%s", s) : arena_strdup(a, s);
}

/* The column of the header named name (the checks find theirs by name, so
 * a new column of the report needs no change here). */
static int col_of(const table_t *t, const char *name)
{
	for (int j = 0; j < t->ncols[0] && j < COLS; j++)
		if (!strcmp(t->cell[0][j], name))
			return j;
	fz_fail("the header has no column %s", name);
	return 0;
}

static void expect_cell(const table_t *t, int row, int col, const char *want)
{
	if (strlen(want) != t->len[row][col] || memcmp(want, t->cell[row][col], t->len[row][col]))
		fz_fail("row %d cell %d reads back as \"%s\", not \"%s\"", row, col, t->cell[row][col], want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena_t *a = arena_new();
	ReportRow_t *rows = arena_alloc(a, sizeof(ReportRow_t) * MAX_ROWS);
	int n = 0;
	const char *p = (const char *)data, *end = p + size;
	while (p < end && n < MAX_ROWS) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		const char *part[4] = {"", "", "", ""};
		for (int k = 0; k < 4 && p <= stop; k++) {
			const char *tab = k < 3 ? memchr(p, '\t', (size_t)(stop - p)) : NULL;
			const char *e = tab ? tab : stop;
			part[k] = arena_strndup(a, p, (size_t)(e - p)); /* a NUL cuts it, as in C strings */
			p = e + 1;
		}
		p = nl ? nl + 1 : end;
		ReportRow_t *r = &rows[n];
		*r = (ReportRow_t){.relationship_id = n + 1, .mentor = {2 * n + 1, part[0]}, .mentee = {2 * n + 2, part[1]},
				   .phase = part[2], .state = n % 3 ? "on_track" : "not_started", .score = (n * 37) % 101, .at_risk = n % 2,
				   .days_since_contact = n - 3, .days_since_contact_null = n % 5 == 0,
				   .meetings = n, .meetings_held = n / 2, .goals = n % 4, .goals_achieved = n % 3,
				   .goals_active = 1, .average_rating = n * 0.25, .average_rating_null = n % 3 == 0,
				   .goal_progress_pct = 100.0 / (n + 1), .goal_progress_pct_null = n % 4 == 1};
		/* Flags are codes joined by ';' in one cell. */
		int nf = 0;
		const char **flags = arena_alloc(a, sizeof(char *) * 8);
		for (const char *f = part[3]; *f && nf < 8;) {
			size_t l = strcspn(f, ",");
			flags[nf++] = arena_strndup(a, f, l);
			f += l + (f[l] == ',');
		}
		r->flags = (strlist_t){flags, nf};
		n++;
	}
	buf_t out = BUF_INIT;
	api_report_csv_header(&out);
	for (int i = 0; i < n; i++)
		api_report_csv_row(&out, &rows[i]);

	table_t t = {0};
	struct csv_parser parser;
	if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		abort();
	if (csv_parse(&parser, out.data, out.len, on_field, on_row, &t) != out.len ||
	    csv_fini(&parser, on_field, on_row, &t) != 0)
		fz_fail("the report is not valid CSV: %s", csv_strerror(csv_error(&parser)));
	csv_free(&parser);
	if (t.overflow || t.rows != n + 1)
		fz_fail("%d rows written, %d read back", n + 1, t.rows);
	int cols = t.ncols[0];
	for (int i = 0; i <= n; i++)
		if (t.ncols[i] != cols)
			fz_fail("row %d has %d cells, the header %d", i, t.ncols[i], cols);
	/* The header leads; its columns are found by name (later issues add
	 * columns after goal_progress_pct). */
	if (cols < 10 || strcmp(t.cell[0][0], "relationship_id"))
		fz_fail("the header is not first");
	(void)col_of(&t, "goal_progress_pct");
	int c_mentor = col_of(&t, "mentor_name"), c_mentee = col_of(&t, "mentee_name"), c_phase = col_of(&t, "phase"),
	    c_flags = col_of(&t, "flags"), c_risk = col_of(&t, "at_risk"), c_days = col_of(&t, "days_since_contact");
	for (int i = 0; i < n; i++) {
		const ReportRow_t *r = &rows[i];
		expect_cell(&t, i + 1, 0, arena_printf(a, "%lld", (long long)r->relationship_id));
		expect_cell(&t, i + 1, c_mentor, expected(a, r->mentor.name));
		expect_cell(&t, i + 1, c_mentee, expected(a, r->mentee.name));
		expect_cell(&t, i + 1, c_phase, expected(a, r->phase));
		buf_t f = BUF_INIT;
		for (int k = 0; k < r->flags.n; k++)
			buf_printf(&f, "%s%s", k ? ";" : "", r->flags.v[k]);
		expect_cell(&t, i + 1, c_flags, expected(a, buf_cstr(&f)));
		buf_free(&f);
		expect_cell(&t, i + 1, c_risk, r->at_risk ? "yes" : "no");
		expect_cell(&t, i + 1, c_days, r->days_since_contact_null ? "" : arena_printf(a, "%lld", (long long)r->days_since_contact));
	}
	for (int i = 0; i < t.rows && i <= MAX_ROWS; i++)
		for (int j = 0; j < t.ncols[i] && j < COLS; j++)
			free(t.cell[i][j]);
	buf_free(&out);
	arena_free(a);
	return 0;
}
