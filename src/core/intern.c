/* Open-addressing hash table (FNV-1a, linear probing, load factor <= 1/2)
 * behind intern.h. Growth rehashes into a table twice the size; the old
 * table stays in the arena until the arena is freed, a fair price for
 * never calling free(). */
#include "core/intern.h"

#include <string.h>

struct intern {
	arena_t *a;
	int32_t *slots; /* id or 0 */
	uint32_t cap;   /* power of two */
	const char **strs, **shown;
	int32_t n, strcap;
};

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

intern_t *intern_new(arena_t *a)
{
	intern_t *t = arena_alloc(a, sizeof(*t));
	t->a = a;
	t->cap = 256;
	t->slots = arena_alloc(a, sizeof(int32_t) * t->cap);
	t->strcap = 128;
	t->strs = arena_alloc(a, sizeof(char *) * (size_t)t->strcap);
	t->shown = arena_alloc(a, sizeof(char *) * (size_t)t->strcap);
	return t;
}

static void grow(intern_t *t)
{
	uint32_t cap = t->cap * 2;
	int32_t *slots = arena_alloc(t->a, sizeof(int32_t) * cap);
	for (int32_t id = 1; id <= t->n; id++) {
		uint32_t i = hash(t->strs[id]) & (cap - 1);
		while (slots[i])
			i = (i + 1) & (cap - 1);
		slots[i] = id;
	}
	t->slots = slots;
	t->cap = cap;
}

int32_t intern_id(intern_t *t, const char *s)
{
	uint32_t i = hash(s) & (t->cap - 1);
	while (t->slots[i]) {
		if (!strcmp(t->strs[t->slots[i]], s))
			return t->slots[i];
		i = (i + 1) & (t->cap - 1);
	}
	if (t->n + 1 >= t->strcap) {
		const char **bigger = arena_alloc(t->a, sizeof(char *) * (size_t)t->strcap * 2);
		const char **shown = arena_alloc(t->a, sizeof(char *) * (size_t)t->strcap * 2);
		memcpy(bigger, t->strs, sizeof(char *) * (size_t)t->strcap);
		memcpy(shown, t->shown, sizeof(char *) * (size_t)t->strcap);
		t->strs = bigger;
		t->shown = shown;
		t->strcap *= 2;
	}
	int32_t id = ++t->n;
	t->strs[id] = arena_strdup(t->a, s);
	t->slots[i] = id;
	if ((uint32_t)t->n * 2 > t->cap)
		grow(t);
	return id;
}

int32_t intern_id_shown(intern_t *t, const char *key, const char *display)
{
	int32_t id = intern_id(t, key);
	if (!t->shown[id])
		t->shown[id] = arena_strdup(t->a, display);
	return id;
}

const char *intern_str(const intern_t *t, int32_t id)
{
	if (id < 1 || id > t->n)
		return "";
	return t->shown[id] ? t->shown[id] : t->strs[id];
}
