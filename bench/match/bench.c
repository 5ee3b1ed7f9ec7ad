/*
 * bench.c — the matching benchmark: for each size, generate a realistic
 * instance (gen.c), then time index building, candidate generation with
 * scoring, and the optimal and stable solvers; print medians, peak memory,
 * total score and the share of mentees matched; cross-check the optimum
 * with LEMON's CostScaling on the very same graph when built with LEMON;
 * optionally dump the graph for scipy's linear_sum_assignment check
 * (scipy_check.py). Each size runs in its own child process so the peak
 * memory reported is that size's alone. Usage: see usage() or
 * docs/matching.md.
 */
#include "gen.h"
#ifdef HAVE_LEMON
#include "lemon_cmp.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_SIZES 8
#define MAX_REPS 15

struct opts {
	uint32_t n[MAX_SIZES], m[MAX_SIZES];
	int sizes;
	int reps;
	uint64_t seed;
	uint32_t threads;
	uint32_t k;
	int lemon;
	const char *dump;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU seconds of the whole process: on a shared machine this shows
 * what the run cost even when other jobs stretch the wall time. */
static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double peak_mib(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru))
		return -1;
	return (double)ru.ru_maxrss / 1024.0; /* Linux reports KiB */
}

static void usage(FILE *f)
{
	fprintf(f, "usage: match_bench [--size NxM]... [--reps R] [--seed S]\n"
		"                   [--threads T] [--k K] [--no-lemon] [--dump DIR]\n"
		"defaults: --size 1000x200 --size 10000x2000 --size 100000x20000,\n"
		"          R = 5 (3 for sizes of 50,000 mentees or more), seed 1,\n"
		"          T = 0 (all CPUs), K = 50. --dump writes each graph as\n"
		"          DIR/graph-NxM.txt for scipy_check.py.\n");
}

static int parse(int argc, char **argv, struct opts *o)
{
	memset(o, 0, sizeof *o);
	o->seed = 1;
	o->lemon = 1;
	o->k = 50;
	for (int a = 1; a < argc; a++) {
		const char *v = a + 1 < argc ? argv[a + 1] : NULL;
		if (!strcmp(argv[a], "--size") && v && o->sizes < MAX_SIZES) {
			if (sscanf(v, "%ux%u", &o->n[o->sizes], &o->m[o->sizes]) != 2)
				return -1;
			o->sizes++;
			a++;
		} else if (!strcmp(argv[a], "--reps") && v) {
			o->reps = atoi(v);
			a++;
		} else if (!strcmp(argv[a], "--seed") && v) {
			o->seed = strtoull(v, NULL, 10);
			a++;
		} else if (!strcmp(argv[a], "--threads") && v) {
			o->threads = (uint32_t)atoi(v);
			a++;
		} else if (!strcmp(argv[a], "--k") && v) {
			o->k = (uint32_t)atoi(v);
			a++;
		} else if (!strcmp(argv[a], "--no-lemon")) {
			o->lemon = 0;
		} else if (!strcmp(argv[a], "--dump") && v) {
			o->dump = v;
			a++;
		} else {
			return -1;
		}
	}
	if (o->sizes == 0) {
		static const uint32_t dn[] = { 1000, 10000, 100000 };
		static const uint32_t dm[] = { 200, 2000, 20000 };
		for (int s = 0; s < 3; s++) {
			o->n[s] = dn[s];
			o->m[s] = dm[s];
		}
		o->sizes = 3;
	}
	if (o->reps < 0 || o->reps > MAX_REPS)
		return -1;
	return 0;
}

/* The graph as plain arrays, for LEMON and the dump. */
struct flat {
	size_t *off;
	uint32_t *mentor;
	int32_t *score;
	int32_t *slots;
};

static int flatten(const struct match_graph *g, struct flat *f)
{
	uint32_t n = match_graph_mentee_count(g), m = match_graph_mentor_count(g);
	size_t e = match_graph_arc_count(g);
	f->off = malloc((n + 1) * sizeof *f->off);
	f->mentor = malloc((e + 1) * sizeof *f->mentor);
	f->score = malloc((e + 1) * sizeof *f->score);
	f->slots = malloc((m + 1) * sizeof *f->slots);
	if (!f->off || !f->mentor || !f->score || !f->slots)
		return -1;
	size_t at = 0;
	for (uint32_t i = 0; i < n; i++) {
		const uint32_t *mt;
		const int32_t *sc;
		size_t d = match_graph_candidates(g, i, &mt, &sc);
		f->off[i] = at;
		memcpy(f->mentor + at, mt, d * sizeof *mt);
		memcpy(f->score + at, sc, d * sizeof *sc);
		at += d;
	}
	f->off[n] = at;
	for (uint32_t j = 0; j < m; j++)
		f->slots[j] = match_graph_slots(g, j);
	return 0;
}

static void flat_free(struct flat *f)
{
	free(f->off);
	free(f->mentor);
	free(f->score);
	free(f->slots);
}

static int dump(const char *dir, const struct match_graph *g, const struct flat *f,
	int64_t total)
{
	char path[4096];
	uint32_t n = match_graph_mentee_count(g), m = match_graph_mentor_count(g);
	snprintf(path, sizeof path, "%s/graph-%ux%u.txt", dir, n, m);
	FILE *fp = fopen(path, "w");
	if (!fp) {
		fprintf(stderr, "dump: %s: %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(fp, "%u %u %zu %lld\n", n, m, f->off[n], (long long)total);
	for (uint32_t j = 0; j < m; j++)
		fprintf(fp, "%d\n", f->slots[j]);
	for (uint32_t i = 0; i < n; i++)
		for (size_t a = f->off[i]; a < f->off[i + 1]; a++)
			fprintf(fp, "%u %u %d\n", i, f->mentor[a], f->score[a]);
	if (fclose(fp)) {
		fprintf(stderr, "dump: %s: %s\n", path, strerror(errno));
		return -1;
	}
	printf("  dumped               %s\n", path);
	return 0;
}

#define CHECK(expr) do { int rc_ = (expr); if (rc_) { \
	fprintf(stderr, "%s: %s\n", #expr, match_strerror(rc_)); return 1; } } while (0)

static int run_size(const struct opts *o, uint32_t n, uint32_t m)
{
	struct match_instance *inst;
	struct match_config cfg;
	int reps = o->reps ? o->reps : n >= 50000 ? 3 : 5;
	double t_cand[MAX_REPS], t_solve[MAX_REPS], t_total[MAX_REPS];
	double c_cand[MAX_REPS], c_solve[MAX_REPS];

	match_config_default(&cfg);
	cfg.threads = o->threads;
	cfg.candidates_per_mentee = o->k;
	double t0 = now();
	CHECK(gen_instance(n, m, o->seed, &inst));
	double t1 = now();
	CHECK(match_instance_finalize(inst));
	double t_index = now() - t1;
	printf("%u mentees x %u mentors (seed %llu, K %u, %d runs, medians)\n",
		n, m, (unsigned long long)o->seed, o->k, reps);
	printf("  generate (not timed) %8.3f s\n", t1 - t0);

	struct match_graph *g = NULL;
	struct match_result *r = NULL;
	for (int k = 0; k < reps; k++) {
		match_result_free(r);
		match_graph_free(g);
		double a = now(), ca = cpu();
		CHECK(match_graph_build(inst, &cfg, &g));
		double b = now(), cb = cpu();
		CHECK(match_solve(g, MATCH_ALGO_OPTIMAL, &r));
		double c = now(), cc = cpu();
		c_cand[k] = cb - ca;
		c_solve[k] = cc - cb;
		t_cand[k] = b - a;
		t_solve[k] = c - b;
		t_total[k] = t_index + (c - a);
	}
	double mc = median(t_cand, reps), ms = median(t_solve, reps);
	double mt = median(t_total, reps);
	double mcc = median(c_cand, reps), mcs = median(c_solve, reps);
	const struct match_pair *p;
	size_t np = match_result_pairs(r, &p);
	int64_t total = match_result_total_score(r);
	struct match_graph_stats st;
	match_graph_stats(g, &st);
	size_t arcs = match_graph_arc_count(g);

	double s0 = now();
	struct match_result *rs;
	CHECK(match_solve(g, MATCH_ALGO_STABLE, &rs));
	double t_stable = now() - s0;
	const struct match_pair *ps;
	size_t nps = match_result_pairs(rs, &ps);
	double peak = peak_mib();

	printf("  index (finalize)     %8.3f s\n", t_index);
	printf("  candidates+scoring   %8.3f s   (%.3f s CPU, %u threads) %.1f arcs/mentee,\n"
		"                                  %.0f mentors visited/mentee, %.0f fully scored/mentee\n",
		mc, mcc, cfg.threads ? cfg.threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN),
		(double)arcs / n,
		(double)st.pool_mentors / n, (double)st.full_scored / n);
	printf("                                  widened %.1f%%, certified top-K %.1f%%\n",
		100.0 * st.widened / n, 100.0 * st.certified / n);
	printf("  solve optimal        %8.3f s   (%.3f s CPU)\n", ms, mcs);
	printf("  end to end optimal   %8.3f s   (index + candidates + solve)\n", mt);
	printf("  peak memory          %8.1f MiB\n", peak);
	printf("  optimal total score  %lld, matched %zu of %u (%.1f%%), mean %.1f\n",
		(long long)total, np, n, 100.0 * np / n, np ? (double)total / np : 0.0);
	printf("  stable               %8.3f s   total %lld, matched %zu (%.1f%%), "
		"%.2f%% below optimal\n", t_stable, (long long)match_result_total_score(rs),
		nps, 100.0 * nps / n,
		total ? 100.0 * (double)(total - match_result_total_score(rs)) / total : 0.0);
	match_result_free(rs);

	struct flat f = { 0 };
	if ((o->dump || o->lemon) && flatten(g, &f)) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
#ifdef HAVE_LEMON
	if (o->lemon) {
		int64_t lt = 0;
		double lb = 0, ls = 0;
		if (lemon_cost_scaling(n, m, f.slots, f.off, f.mentor, f.score,
			&lt, &lb, &ls)) {
			printf("  LEMON CostScaling    failed\n");
		} else {
			printf("  LEMON CostScaling    %8.3f s   (+%.3f s graph build) total %lld: %s\n",
				ls, lb, (long long)lt, lt == total ? "EQUAL" : "DIFFERENT");
			printf("  speed-up vs LEMON    %8.1fx solve only, %.1fx with our "
				"index+scoring included\n", ls / ms, ls / mt);
			if (lt != total)
				return 2;
		}
	}
#endif
	if (o->dump && dump(o->dump, g, &f, total))
		return 1;
	flat_free(&f);
	match_result_free(r);
	match_graph_free(g);
	match_instance_free(inst);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o;
	if (parse(argc, argv, &o)) {
		usage(stderr);
		return 2;
	}
#ifndef HAVE_LEMON
	if (o.lemon)
		printf("(built without LEMON: no CostScaling comparison)\n");
#endif
	int status = 0;
	for (int s = 0; s < o.sizes; s++) {
		fflush(stdout);
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0)
			_exit(run_size(&o, o.n[s], o.m[s]));
		int ws;
		if (waitpid(pid, &ws, 0) < 0) {
			perror("waitpid");
			return 1;
		}
		if (!WIFEXITED(ws) || WEXITSTATUS(ws)) {
			fprintf(stderr, "size %ux%u failed\n", o.n[s], o.m[s]);
			status = 1;
		}
	}
	return status;
}
