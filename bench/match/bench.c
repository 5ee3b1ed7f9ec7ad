/*
 * bench.c — the matching benchmark. For every size and graph family it
 * builds one candidate graph and runs on exactly that graph: mentord's
 * optimal solver (the auction), its stable solver, LEMON's CostScaling and
 * NetworkSimplex in their default configurations on the usual min-cost-flow
 * formulation (lemon_cmp.cc states it, and the output repeats it), and
 * scipy's linear_sum_assignment where the dense mentee x slot matrix fits.
 * Every solver run is a fork of its own, so its CPU time, wall time and
 * peak memory (above the shared input) are its own; totals must be equal
 * or the benchmark fails. For the project's generator it also times the
 * engine end to end: index, candidates and scoring, solve, and the global
 * optimality certificate. Usage: usage() or docs/matching.md.
 */
#include "families.h"
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

enum family { FAM_GEN, FAM_UNIFORM, FAM_PEOPLE, FAM_COUNT };
static const char *const fam_name[FAM_COUNT] = { "generator", "uniform", "people" };

struct opts {
	uint32_t n[MAX_SIZES], m[MAX_SIZES];
	int sizes;
	bool fam[FAM_COUNT];
	int reps;
	uint64_t seed;
	uint32_t threads;
	uint32_t k;
	bool lemon, scipy;
	double scipy_cells;
	int loss_seeds;
	const char *scipy_script;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU seconds of the whole process (all threads). */
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

/* Resident memory now, from /proc (MiB). */
static double rss_mib(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = 0, res = 0;
	if (!f)
		return 0;
	if (fscanf(f, "%ld %ld", &pages, &res) != 2)
		res = 0;
	fclose(f);
	return (double)res * (double)sysconf(_SC_PAGESIZE) / 1048576.0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: match_bench [--size NxM]... [--family gen|uniform|people]...\n"
		"                   [--reps R] [--seed S] [--threads T] [--k K]\n"
		"                   [--no-lemon] [--no-scipy] [--scipy-cells C]\n"
		"                   [--loss-seeds N] [--scipy-script PATH]\n"
		"defaults: --size 10000x2000 --size 100000x20000, all three families,\n"
		"          R = 3, seed 1, T = 0 (all CPUs), K = 50, C = 7e7 (dense\n"
		"          cells scipy may use), N = 0 (no stable-loss sweep).\n");
}

static int parse(int argc, char **argv, struct opts *o)
{
	memset(o, 0, sizeof *o);
	o->seed = 1;
	o->lemon = true;
	o->scipy = true;
	o->k = 50;
	o->reps = 3;
	o->scipy_cells = 7e7;
	o->scipy_script = "bench/match/scipy_check.py";
	bool any_fam = false;
	for (int a = 1; a < argc; a++) {
		const char *v = a + 1 < argc ? argv[a + 1] : NULL;
		if (!strcmp(argv[a], "--size") && v && o->sizes < MAX_SIZES) {
			if (sscanf(v, "%ux%u", &o->n[o->sizes], &o->m[o->sizes]) != 2)
				return -1;
			o->sizes++;
			a++;
		} else if (!strcmp(argv[a], "--family") && v) {
			int f = -1;
			for (int x = 0; x < FAM_COUNT; x++)
				if (!strcmp(v, fam_name[x]) || (x == FAM_GEN && !strcmp(v, "gen")))
					f = x;
			if (f < 0)
				return -1;
			o->fam[f] = any_fam = true;
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
			o->lemon = false;
		} else if (!strcmp(argv[a], "--no-scipy")) {
			o->scipy = false;
		} else if (!strcmp(argv[a], "--scipy-cells") && v) {
			o->scipy_cells = atof(v);
			a++;
		} else if (!strcmp(argv[a], "--scipy-script") && v) {
			o->scipy_script = v;
			a++;
		} else if (!strcmp(argv[a], "--loss-seeds") && v) {
			o->loss_seeds = atoi(v);
			a++;
		} else {
			return -1;
		}
	}
	if (!any_fam)
		for (int x = 0; x < FAM_COUNT; x++)
			o->fam[x] = true;
	if (o->sizes == 0) {
		static const uint32_t dn[] = { 10000, 100000 };
		static const uint32_t dm[] = { 2000, 20000 };
		for (int s = 0; s < 2; s++) {
			o->n[s] = dn[s];
			o->m[s] = dm[s];
		}
		o->sizes = 2;
	}
	if (o->reps < 1 || o->reps > MAX_REPS || o->loss_seeds < 0)
		return -1;
	return 0;
}

/* The graph as plain arrays, for LEMON, the dump and our own arc graph. */
struct flat {
	uint32_t n, m;
	size_t *off;
	uint32_t *mentor;
	int32_t *score;
	int32_t *slots;
	uint64_t n_slots;
};

static int flatten(const struct match_graph *g, struct flat *f)
{
	uint32_t n = match_graph_mentee_count(g), m = match_graph_mentor_count(g);
	size_t e = match_graph_arc_count(g);
	f->n = n;
	f->m = m;
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
	f->n_slots = 0;
	for (uint32_t j = 0; j < m; j++) {
		f->slots[j] = match_graph_slots(g, j);
		f->n_slots += (uint64_t)f->slots[j];
	}
	return 0;
}

static void flat_free(struct flat *f)
{
	free(f->off);
	free(f->mentor);
	free(f->score);
	free(f->slots);
}

/* One solver run's figures, passed from its fork through a pipe. */
struct figures {
	int ok;
	double cpu, wall, mem; /* mem: peak MiB above the input */
	int64_t total;
	uint64_t pairs;
};

enum solver { S_AUCTION, S_STABLE, S_LEMON_CS, S_LEMON_NS, S_COUNT };
static const char *const solver_name[S_COUNT] = {
	"mentord optimal (auction)", "mentord stable", "LEMON CostScaling",
	"LEMON NetworkSimplex",
};

static struct figures solve_here(enum solver s, const struct flat *f)
{
	struct figures x = { 0 };
	if (s == S_AUCTION || s == S_STABLE) {
		struct match_graph *g;
		if (match_graph_from_arcs(f->n, f->m, f->slots, f->off, f->mentor,
			f->score, MATCH_POLICY_MAX_SCORE, &g))
			return x;
		struct match_result *r;
		double w = now(), c = cpu();
		int rc = match_solve(g, s == S_AUCTION ? MATCH_ALGO_OPTIMAL
			: MATCH_ALGO_STABLE, &r);
		x.wall = now() - w;
		x.cpu = cpu() - c;
		if (rc == MATCH_OK) {
			const struct match_pair *p;
			x.ok = 1;
			x.total = match_result_total_score(r);
			x.pairs = match_result_pairs(r, &p);
			match_result_free(r);
		}
		match_graph_free(g);
		return x;
	}
#ifdef HAVE_LEMON
	struct lemon_figures lf;
	if (lemon_solve(s == S_LEMON_CS ? LEMON_COST_SCALING : LEMON_NETWORK_SIMPLEX,
		f->n, f->m, f->slots, f->off, f->mentor, f->score, &lf) == 0) {
		x.ok = 1;
		x.total = lf.total;
		x.cpu = lf.solve_cpu;
		x.wall = lf.solve_wall;
	}
#endif
	return x;
}

/* Run one solver in a fork, so that its memory peak is its own. */
static struct figures solve_forked(enum solver s, const struct flat *f)
{
	struct figures x = { 0 };
	int fd[2];
	fflush(stdout);
	if (pipe(fd))
		return x;
	pid_t pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return x;
	}
	if (pid == 0) {
		close(fd[0]);
		double base = rss_mib();
		struct figures y = solve_here(s, f);
		y.mem = peak_mib() - base;
		ssize_t w = write(fd[1], &y, sizeof y);
		_exit(w == (ssize_t)sizeof y ? 0 : 1);
	}
	close(fd[1]);
	if (read(fd[0], &x, sizeof x) != (ssize_t)sizeof x)
		x.ok = 0;
	close(fd[0]);
	waitpid(pid, NULL, 0);
	return x;
}

static struct figures solve_reps(enum solver s, const struct flat *f, int reps)
{
	double c[MAX_REPS], w[MAX_REPS], mem = 0;
	struct figures x = { 0 };
	for (int r = 0; r < reps; r++) {
		x = solve_forked(s, f);
		if (!x.ok)
			return x;
		c[r] = x.cpu;
		w[r] = x.wall;
		if (x.mem > mem)
			mem = x.mem;
	}
	x.cpu = median(c, reps);
	x.wall = median(w, reps);
	x.mem = mem;
	return x;
}

/* scipy's dense check through scipy_check.py on a dumped graph. */
static int scipy_run(const struct opts *o, const struct flat *f, int64_t total,
	double *secs, int64_t *best)
{
	char path[] = "/tmp/match_bench_XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	FILE *fp = fdopen(fd, "w");
	if (!fp) {
		close(fd);
		unlink(path);
		return -1;
	}
	fprintf(fp, "%u %u %zu %lld\n", f->n, f->m, f->off[f->n], (long long)total);
	for (uint32_t j = 0; j < f->m; j++)
		fprintf(fp, "%d\n", f->slots[j]);
	for (uint32_t i = 0; i < f->n; i++)
		for (size_t a = f->off[i]; a < f->off[i + 1]; a++)
			fprintf(fp, "%u %u %d\n", i, f->mentor[a], f->score[a]);
	if (fclose(fp)) {
		unlink(path);
		return -1;
	}
	char cmd[8192];
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s --machine --max-cells %.0f %s",
		o->scipy_script, o->scipy_cells, path);
	fflush(stdout);
	FILE *p = popen(cmd, "r");
	int rc = -1;
	long long b = 0;
	if (p) {
		if (fscanf(p, "%lld %lf", &b, secs) == 2) {
			*best = b;
			rc = 0;
		}
		pclose(p);
	}
	unlink(path);
	return rc;
}

#define CHECK(expr) do { int rc_ = (expr); if (rc_) { \
	fprintf(stderr, "%s: %s\n", #expr, match_strerror(rc_)); return 1; } } while (0)

/* The generator family: the engine end to end, then its candidate graph. */
static int gen_family(const struct opts *o, uint32_t n, uint32_t m,
	struct match_graph **gout, struct match_instance **iout)
{
	struct match_instance *inst;
	struct match_config cfg;
	match_config_default(&cfg);
	cfg.threads = o->threads;
	cfg.candidates_per_mentee = o->k;
	cfg.tie_seed = o->seed;
	CHECK(gen_instance(n, m, o->seed, &inst));
	double w[5][MAX_REPS], c[5][MAX_REPS];
	struct match_graph *g = NULL;
	struct match_result *r = NULL;
	struct match_certificate cert = { 0 };
	/* The certificate makes a large run long: one run from 50,000. */
	int reps = n >= 50000 ? 1 : o->reps;
	for (int k = 0; k < reps; k++) {
		match_result_free(r);
		match_graph_free(g);
		r = NULL;
		g = NULL;
		double w0 = now(), c0 = cpu();
		if (k == 0)
			CHECK(match_instance_finalize(inst));
		double w1 = now(), c1 = cpu();
		CHECK(match_graph_build(inst, &cfg, &g));
		double w2 = now(), c2 = cpu();
		CHECK(match_solve(g, MATCH_ALGO_OPTIMAL, &r));
		double w3 = now(), c3 = cpu();
		match_result_certificate(r, &cert);
		w[0][k] = w1 - w0;
		c[0][k] = c1 - c0;
		w[1][k] = w2 - w1;
		c[1][k] = c2 - c1;
		w[2][k] = cert.solve_seconds;
		c[2][k] = cert.solve_seconds;
		w[3][k] = cert.certify_seconds;
		c[3][k] = cert.certify_seconds;
		w[4][k] = w3 - w0 + (k ? w[0][0] : 0);
		c[4][k] = c3 - c0 + (k ? c[0][0] : 0);
	}
	double pk = peak_mib();
	struct match_graph_stats st;
	match_graph_stats(g, &st);
	const struct match_pair *p;
	size_t np = match_result_pairs(r, &p);
	printf("  engine end to end (generator instance, %u threads, %d run%s, medians):\n",
		o->threads ? o->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN), reps,
		reps == 1 ? "" : "s");
	printf("    index (finalize)            %7.3f s wall\n", w[0][0]);
	printf("    candidates + scoring        %7.3f s wall %7.3f s CPU   %.1f arcs/mentee\n",
		median(w[1], reps), median(c[1], reps),
		(double)match_graph_arc_count(g) / (n ? n : 1));
	printf("    solve (all rounds)          %7.3f s\n", median(w[2], reps));
	printf("    certify (all rounds)        %7.3f s   %u round(s), %llu pair(s) checked "
		"exactly, %llu arc(s) added\n", median(w[3], reps), cert.rounds,
		(unsigned long long)cert.pairs_checked, (unsigned long long)cert.arcs_added);
	printf("    end to end                  %7.3f s wall %7.3f s CPU   peak %.1f MiB\n",
		median(w[4], reps), median(c[4], reps), pk);
	printf("    certified_optimal           %s%s%s, total %lld, matched %zu of %u\n",
		cert.certified ? "true" : "false",
		cert.certified ? "" : ": ", cert.certified ? "" : match_cert_reason_name(cert.reason),
		(long long)match_result_total_score(r), np, n);
	match_result_free(r);
	*gout = g;
	*iout = inst;
	return 0;
}

static int run_case(const struct opts *o, uint32_t n, uint32_t m, enum family fam)
{
	struct match_graph *g = NULL;
	struct match_instance *inst = NULL;
	printf("\n== %s family, %u mentees x %u mentors (seed %llu, %d runs per solver, medians)\n",
		fam_name[fam], n, m, (unsigned long long)o->seed, o->reps);
	double t0 = now();
	if (fam == FAM_GEN) {
		if (gen_family(o, n, m, &g, &inst))
			return 1;
	} else {
		CHECK(fam == FAM_UNIFORM ? fam_uniform(n, m, o->seed, &g)
			: fam_people(n, m, o->seed, &g));
	}
	struct flat f = { 0 };
	if (flatten(g, &f)) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	match_graph_free(g);
	match_instance_free(inst);
	printf("  candidate graph: %zu arcs, %llu mentor slots (%.1f s to make)\n",
		f.off[n], (unsigned long long)f.n_slots, now() - t0);
	printf("  %-28s %9s %9s %10s %12s %9s %s\n", "solver (same graph)", "CPU s",
		"wall s", "peak +MiB", "total", "pairs", "CPU ratio to ours");
	struct figures ours = { 0 };
	int status = 0;
	for (int s = 0; s < S_COUNT; s++) {
		if ((s == S_LEMON_CS || s == S_LEMON_NS) && !o->lemon)
			continue;
#ifndef HAVE_LEMON
		if (s == S_LEMON_CS || s == S_LEMON_NS)
			continue;
#endif
		struct figures x = solve_reps((enum solver)s, &f, o->reps);
		if (!x.ok) {
			printf("  %-28s failed\n", solver_name[s]);
			status = 1;
			continue;
		}
		if (s == S_AUCTION)
			ours = x;
		char ratio[64] = "";
		if (s == S_STABLE)
			snprintf(ratio, sizeof ratio, "(%.2f%% below optimal)", ours.total ?
				100.0 * (double)(ours.total - x.total) / (double)ours.total : 0.0);
		else if (s != S_AUCTION)
			snprintf(ratio, sizeof ratio, "%.1fx  %s", x.cpu / ours.cpu,
				x.total == ours.total ? "total EQUAL" : "total DIFFERENT");
		char pairs[32] = "-";
		if (s == S_AUCTION || s == S_STABLE)
			snprintf(pairs, sizeof pairs, "%llu", (unsigned long long)x.pairs);
		printf("  %-28s %9.3f %9.3f %10.1f %12lld %9s %s\n", solver_name[s],
			x.cpu, x.wall, x.mem, (long long)x.total, pairs, ratio);
		if (s != S_STABLE && x.total != ours.total)
			status = 2;
	}
	if (o->scipy) {
		double cells = (double)n * (double)f.n_slots, secs = 0;
		int64_t best = 0;
		if (cells > o->scipy_cells)
			printf("  %-28s skipped: dense %u x %llu slot matrix exceeds %.0e cells\n",
				"scipy linear_sum_assignment", n, (unsigned long long)f.n_slots,
				o->scipy_cells);
		else if (scipy_run(o, &f, ours.total, &secs, &best))
			printf("  %-28s failed (python3-scipy installed?)\n",
				"scipy linear_sum_assignment");
		else {
			printf("  %-28s %9s %9.3f %10s %12lld %9s %s\n",
				"scipy linear_sum_assignment", "-", secs, "-", (long long)best, "-",
				best == ours.total ? "total EQUAL" : "total DIFFERENT");
			if (best != ours.total)
				status = 2;
		}
	}
	flat_free(&f);
	fflush(stdout);
	return status;
}

/* Stable's loss against optimal on many seeds of every family. */
static int loss_sweep(const struct opts *o, uint32_t n, uint32_t m)
{
	printf("\n== stable vs optimal loss, %u x %u, seeds 1..%d\n", n, m, o->loss_seeds);
	for (int fam = 0; fam < FAM_COUNT; fam++) {
		if (!o->fam[fam])
			continue;
		double loss[256];
		int k = 0;
		for (int s = 1; s <= o->loss_seeds && k < 256; s++) {
			struct match_graph *g;
			struct match_instance *inst = NULL;
			struct match_config cfg;
			match_config_default(&cfg);
			cfg.threads = o->threads;
			cfg.tie_seed = (uint64_t)s;
			if (fam == FAM_GEN) {
				CHECK(gen_instance(n, m, (uint64_t)s, &inst));
				CHECK(match_instance_finalize(inst));
				CHECK(match_graph_build(inst, &cfg, &g));
			} else {
				CHECK(fam == FAM_UNIFORM ? fam_uniform(n, m, (uint64_t)s, &g)
					: fam_people(n, m, (uint64_t)s, &g));
			}
			struct match_result *ro, *rs;
			CHECK(match_solve(g, MATCH_ALGO_OPTIMAL, &ro));
			CHECK(match_solve(g, MATCH_ALGO_STABLE, &rs));
			int64_t a = match_result_total_score(ro), b = match_result_total_score(rs);
			loss[k++] = a ? 100.0 * (double)(a - b) / (double)a : 0;
			match_result_free(ro);
			match_result_free(rs);
			match_graph_free(g);
			match_instance_free(inst);
		}
		qsort(loss, (size_t)k, sizeof *loss, cmp_double);
		printf("  %-10s loss %% min %.2f, median %.2f, p90 %.2f, max %.2f (%d seeds)\n",
			fam_name[fam], loss[0], median(loss, k), loss[(k * 9) / 10 < k ? (k * 9) / 10 : k - 1],
			loss[k - 1], k);
	}
	fflush(stdout);
	return 0;
}

static int in_child(int (*fn)(const struct opts *, uint32_t, uint32_t, enum family),
	const struct opts *o, uint32_t n, uint32_t m, enum family fam)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0)
		_exit(fn(o, n, m, fam));
	int ws;
	if (waitpid(pid, &ws, 0) < 0) {
		perror("waitpid");
		return 1;
	}
	return !WIFEXITED(ws) || WEXITSTATUS(ws);
}

static int loss_fn(const struct opts *o, uint32_t n, uint32_t m, enum family fam)
{
	(void)fam;
	return loss_sweep(o, n, m);
}

int main(int argc, char **argv)
{
	struct opts o;
	if (parse(argc, argv, &o)) {
		usage(stderr);
		return 2;
	}
	printf("match_bench: every solver runs on the same candidate graph in its own "
		"fork;\nCPU = process CPU seconds of the solve call alone (graph "
		"construction excluded),\npeak +MiB = the fork's peak RSS above the "
		"input it inherited.\n");
#ifdef HAVE_LEMON
	if (o.lemon)
		printf("%s.\n", lemon_formulation());
#else
	if (o.lemon)
		printf("(built without LEMON: no min-cost-flow comparison)\n");
#endif
	int status = 0;
	for (int s = 0; s < o.sizes; s++)
		for (int fam = 0; fam < FAM_COUNT; fam++)
			if (o.fam[fam] && in_child(run_case, &o, o.n[s], o.m[s], (enum family)fam)) {
				fprintf(stderr, "%s %ux%u failed\n", fam_name[fam], o.n[s], o.m[s]);
				status = 1;
			}
	if (o.loss_seeds)
		status |= in_child(loss_fn, &o, o.n[0], o.m[0], FAM_GEN);
	return status;
}
