/* Lookup over the generated table of embedded files (see embed.h). The table
 * is small (tens of files), so a linear scan is the simplest correct choice. */
#include "core/embed.h"

#include <string.h>

const struct embed_file *embed_find(const char *name)
{
	for (int i = 0; i < embed_count; i++)
		if (strcmp(embed_files[i].name, name) == 0)
			return &embed_files[i];
	return NULL;
}
