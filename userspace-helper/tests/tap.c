// SPDX-License-Identifier: GPL-2.0
#include "tap.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic_file.h"

static unsigned int tests, failures;
static char *dir;

static bool report(bool cond, const char *fmt, va_list ap)
{
	tests++;
	if (!cond)
		failures++;
	printf("%sok %u - ", cond ? "" : "not ", tests);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(cond, fmt, ap);
	va_end(ap);
	return cond;
}

bool tap_is_int(long long got, long long want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		tap_diag("got %lld, want %lld", got, want);
	return got == want;
}

bool tap_is_str(const char *got, const char *want, const char *fmt, ...)
{
	bool same = got && want ? strcmp(got, want) == 0 : got == want;
	va_list ap;

	va_start(ap, fmt);
	report(same, fmt, ap);
	va_end(ap);
	if (!same)
		tap_diag("got:\n%s\n# want:\n%s", got ? got : "(null)", want ? want : "(null)");
	return same;
}

bool tap_is_mem(const void *got, const void *want, size_t len, const char *fmt, ...)
{
	bool same = memcmp(got, want, len) == 0;
	va_list ap;

	va_start(ap, fmt);
	report(same, fmt, ap);
	va_end(ap);
	if (!same) {
		char g[2 * len + 1], w[2 * len + 1];

		hex_encode(got, len, g, false);
		hex_encode(want, len, w, false);
		tap_diag("got %s, want %s", g, w);
	}
	return same;
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

const char *tap_dir(void)
{
	if (!dir) {
		dir = xstrdup("/tmp/smb3k-test.XXXXXX");
		if (!mkdtemp(dir)) {
			perror("mkdtemp");
			exit(2);
		}
	}
	return dir;
}

char *tap_write(const char *name, const char *content)
{
	static char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tap_dir(), name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, content, strlen(content)) != (ssize_t)strlen(content)) {
		perror(path);
		exit(2);
	}
	close(fd);
	return path;
}

int tap_done(void)
{
	printf("1..%u\n", tests);
	if (failures)
		printf("# %u of %u tests failed\n", failures, tests);
	if (dir) {
		char *cmd = xasprintf("rm -rf '%s'", dir);

		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", dir);
		free(cmd);
		free(dir);
	}
	return failures ? 1 : 0;
}

char *tap_slurp(const char *path)
{
	char *data = NULL;
	size_t len;

	if (read_small_file(path, 1 << 20, &data, &len))
		return xstrdup("");
	return data;
}

struct tap_run tap_run(const char *input, const char *const *argv)
{
	char *in = xasprintf("%s/run.in", tap_dir()), *out = xasprintf("%s/run.out", tap_dir());
	char *err = xasprintf("%s/run.err", tap_dir());
	struct tap_run r = { .code = -1 };
	int status;
	pid_t pid;

	if (input)
		atomic_write_file(in, input, strlen(input), 0600, true);
	pid = fork();
	if (pid == 0) {
		int i = open(input ? in : "/dev/null", O_RDONLY);
		int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(i, 0);
		dup2(o, 1);
		dup2(e, 2);
		execv(argv[0], (char **)argv);
		_exit(127);
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status))
		r.code = WEXITSTATUS(status);
	r.out = tap_slurp(out);
	r.err = tap_slurp(err);
	if (!tap_run_clean(&r))
		tap_diag("sanitizer report from %s:\n%s", argv[0], r.err);
	free(in);
	free(out);
	free(err);
	return r;
}

void tap_run_free(struct tap_run *r)
{
	free(r->out);
	free(r->err);
}

bool tap_run_clean(const struct tap_run *r)
{
	return !strstr(r->err, "Sanitizer") && !strstr(r->err, "runtime error");
}
