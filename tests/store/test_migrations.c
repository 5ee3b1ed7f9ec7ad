/* One numbered pair per change: every migration of one backend has its twin
 * of the same number in the other's directory (src/store/migrations/sqlite
 * and postgres), so a database of either kind reaches the same schema
 * version. A migration added for one backend only fails here. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"

static const char sqlite_dir[] = "store/migrations/sqlite/", pg_dir[] = "store/migrations/postgres/";

/* Whether the other directory has a migration numbered like name. */
static bool has_twin(const char *other, const char *name)
{
	int n = atoi(name);
	for (int i = 0; i < embed_count; i++)
		if (!strncmp(embed_files[i].name, other, strlen(other)) &&
		    atoi(embed_files[i].name + strlen(other)) == n)
			return true;
	return false;
}

Test(migrations, every_number_has_its_twin)
{
	int sqlite = 0, pg = 0, missing = 0;
	for (int i = 0; i < embed_count; i++) {
		const char *f = embed_files[i].name;
		bool is_sqlite = !strncmp(f, sqlite_dir, strlen(sqlite_dir));
		bool is_pg = !strncmp(f, pg_dir, strlen(pg_dir));
		if (!is_sqlite && !is_pg)
			continue;
		sqlite += is_sqlite;
		pg += is_pg;
		const char *name = f + strlen(is_sqlite ? sqlite_dir : pg_dir);
		if (!has_twin(is_sqlite ? pg_dir : sqlite_dir, name)) {
			cr_log_error("%s has no twin numbered %d in %s", f, atoi(name), is_sqlite ? pg_dir : sqlite_dir);
			missing++;
		}
	}
	cr_assert_gt(sqlite, 0);
	cr_assert_eq(missing, 0, "%d migrations without their twin (see above): add it in the other "
		     "backend's dialect", missing);
	cr_assert_eq(sqlite, pg);
}
