/* libFuzzer target: the command line, through mentord's own main()
 * (src/cli/main.c, compiled again with main renamed mentord_main). An input
 * is one or more commands separated by a line "--next--"; each is its
 * arguments, one per line, then optionally a line "--stdin--" and what the
 * command reads from standard input, then optionally a line "--file--" and
 * the contents of a file that the argument "@FILE" names (a CSV file to
 * import, a configuration file). An argument "ENV:MENTORD_X=value" sets
 * that variable for the command instead.
 *
 * The commands of one input share one database, a fresh SQLite file in
 * /dev/shm whatever --db says (db_pool_open is wrapped; a URL of another
 * backend still reaches it and is refused), so `init`, `user add`, `token
 * create`, `import`, `match` and `report` build on each other. Files other
 * than the input's own cannot be opened (fopen is wrapped); `serve` is
 * not run (it would listen and never return), nor `sso` (it asks an identity
 * provider over the network). Besides the sanitizers: a
 * command exits 0, 1 or 2, and one that fails says why on stderr.
 * Run with -close_fd_mask=3: the commands' own output is noise, and the
 * sanitizers and the harness still report (harness.c, fz_fail). */
#include "harness.h"

#include "cli/config.h"
#include "store/db.h"

#include <errno.h>
#include <sodium.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int mentord_main(int argc, char **argv);
int __real_db_pool_open(const char *url, int n, db_pool_t **out, char **err);
int __wrap_db_pool_open(const char *url, int n, db_pool_t **out, char **err);
FILE *__real_fopen(const char *path, const char *mode);
FILE *__wrap_fopen(const char *path, const char *mode);
void __wrap_config_pw_limits(const config_t *c, unsigned long long *ops, size_t *mem);

/* The cheapest Argon2id whatever the configuration says: the interactive
 * cost takes seconds under the sanitizers, and a fuzzer's timeout is no
 * finding. */
void __wrap_config_pw_limits(const config_t *c, unsigned long long *ops, size_t *mem)
{
	(void)c;
	*ops = crypto_pwhash_OPSLIMIT_MIN;
	*mem = crypto_pwhash_MEMLIMIT_MIN;
}

static char db_path[96], file_path[64], stdin_path[64];
static int file_fd, stdin_fd, err_fd;
static bool in_command;

int __wrap_db_pool_open(const char *url, int n, db_pool_t **out, char **err)
{
	if (in_command && (!strncmp(url, "sqlite:", 7) || !strstr(url, "://")))
		url = db_path;
	return __real_db_pool_open(url, n, out, err);
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
	if (in_command && strcmp(path, file_path) && strcmp(path, stdin_path) && strcmp(path, "/dev/null")) {
		errno = ENOENT;
		return NULL;
	}
	return __real_fopen(path, mode);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	setenv("MENTORD_NOW", FZ_NOW, 0);
	setenv("MENTORD_PW_COST", "min", 1);
	file_fd = memfd_create("mentord-file", 0);
	stdin_fd = memfd_create("mentord-stdin", 0);
	err_fd = memfd_create("mentord-stderr", 0);
	if (file_fd < 0 || stdin_fd < 0 || err_fd < 0)
		abort();
	snprintf(file_path, sizeof(file_path), "/proc/self/fd/%d", file_fd);
	snprintf(stdin_path, sizeof(stdin_path), "/proc/self/fd/%d", stdin_fd);
	snprintf(db_path, sizeof(db_path), "sqlite:/dev/shm/mentord-fuzz-cli-%d.db", (int)getpid());
	return 0;
}

static void forget_db(void)
{
	static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		char p[128];
		snprintf(p, sizeof(p), "%s%s", db_path + 7, ext[i]);
		unlink(p);
	}
}

static void put(int fd, const char *s, size_t n)
{
	if (ftruncate(fd, 0) != 0 || (n && pwrite(fd, s, n, 0) != (ssize_t)n))
		abort();
}

/* One command: its arguments, stdin and file, run through main(). */
static void run(const char *p, const char *end)
{
	const char *in = memmem(p, (size_t)(end - p), "\n--stdin--\n", 11);
	const char *file = memmem(p, (size_t)(end - p), "\n--file--\n", 10);
	const char *args_end = in && (!file || in < file) ? in : file ? file : end;
	put(stdin_fd, "", 0);
	put(file_fd, "", 0);
	if (in && (!file || in < file))
		put(stdin_fd, in + 11, (size_t)((file ? file : end) - (in + 11)));
	if (file)
		put(file_fd, file + 10, (size_t)(end - (file + 10)));
	char *argv[34];
	char *envs[8];
	int argc = 0, nenv = 0;
	argv[argc++] = strdup("mentord");
	for (const char *a = p; a < args_end && argc < 33;) {
		const char *nl = memchr(a, '\n', (size_t)(args_end - a));
		size_t n = nl ? (size_t)(nl - a) : (size_t)(args_end - a);
		char *arg = strndup(a, n);
		a = nl ? nl + 1 : args_end;
		if (!strncmp(arg, "ENV:MENTORD_", 12) && strchr(arg, '=') && nenv < 8) {
			char *eq = strchr(arg, '=');
			*eq = '\0';
			setenv(arg + 4, eq + 1, 1);
			envs[nenv++] = arg;
			continue;
		}
		if (!strcmp(arg, "@FILE")) {
			free(arg);
			arg = strdup(file_path);
		}
		argv[argc++] = arg;
	}
	argv[argc] = NULL;
	char **copy = malloc(sizeof(char *) * (size_t)(argc + 1)); /* getopt permutes argv */
	memcpy(copy, argv, sizeof(char *) * (size_t)(argc + 1));
	if (argc < 2 || (strcmp(argv[1], "serve") && strcmp(argv[1], "sso"))) {
		/* getopt keeps state between calls: start it afresh. */
		char *reset[] = {"x", NULL};
		optind = 0;
		opterr = 0;
		getopt(1, reset, "");
		opterr = 1;
		if (!freopen(stdin_path, "r", stdin))
			abort();
		fflush(stderr);
		int saved = dup(2);
		if (ftruncate(err_fd, 0) != 0 || dup2(err_fd, 2) < 0)
			abort();
		lseek(err_fd, 0, SEEK_SET);
		in_command = true;
		int rc = mentord_main(argc, copy);
		in_command = false;
		fflush(stderr);
		fflush(stdout);
		dup2(saved, 2);
		close(saved);
		char said[2];
		bool spoke = pread(err_fd, said, 1, 0) == 1;
		if (rc < 0 || rc > 2)
			fz_fail("mentord %s exited %d", argc > 1 ? argv[1] : "", rc);
		if (rc != 0 && !spoke)
			fz_fail("mentord %s failed (%d) without saying why", argc > 1 ? argv[1] : "", rc);
	}
	for (int i = 0; i < nenv; i++) {
		unsetenv(envs[i] + 4);
		free(envs[i]);
	}
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	forget_db();
	const char *p = (const char *)data, *end = p + size;
	for (int k = 0; k < 4 && p <= end; k++) {
		const char *sep = memmem(p, (size_t)(end - p), "\n--next--\n", 10);
		run(p, sep ? sep : end);
		if (!sep)
			break;
		p = sep + 10;
	}
	forget_db();
	return 0;
}
