/*
 * vmflags.h — for tests: the VmFlags line of the mapping that holds an
 * address, from /proc/self/smaps, to see what the kernel was asked for
 * ("hg": madvise(MADV_HUGEPAGE)). Linux only, as the code under test.
 */
#ifndef MENTORD_TESTS_VMFLAGS_H
#define MENTORD_TESTS_VMFLAGS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The flags of the mapping holding addr into flags (at least 512 bytes);
 * false when no mapping does. */
static inline bool vm_flags_of(uintptr_t addr, char *flags, size_t size)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	if (!f)
		return false;
	char line[512];
	bool inside = false, found = false;
	while (!found && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
			inside = addr >= lo && addr < hi;
		else if (inside && !strncmp(line, "VmFlags:", 8)) {
			snprintf(flags, size, "%s", line + 8);
			found = true;
		}
	}
	fclose(f);
	return found;
}

/* Whether this kernel has transparent huge pages at all. */
static inline bool thp_available(void)
{
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	if (f)
		fclose(f);
	return f != NULL;
}

#endif
